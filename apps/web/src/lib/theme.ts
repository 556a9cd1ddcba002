import type { ThemeConfig } from 'antd';

/** Whether a background colour (#rrggbb) is a dark one. */
export const isDark = (background: string): boolean => {
  const hex = /^#?([0-9a-f]{6})$/i.exec(background)?.[1];
  if (!hex) return false;
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b! < 128;
};

/**
 * antd's tokens where its defaults read under WCAG AA (4.5:1 for body text),
 * as the browser test measures every screen: the primary blue behind white
 * text and as link text on white, the secondary and placeholder greys, the red of a danger button.
 * In the dark theme no one blue is both dark enough behind white text and
 * light enough as text on the dark page, so the blue as text is its own.
 */
const shared: ThemeConfig['token'] = { colorPrimary: '#0958d9' };
const light: ThemeConfig['token'] = {
  ...shared,
  colorLink: '#0958d9',
  colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
  colorTextDescription: 'rgba(0, 0, 0, 0.6)',
  colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
  colorError: '#cf1322',
};
const darkTextBlue = '#4096ff';
const dark: ThemeConfig['token'] = {
  ...shared,
  // A seed: the dark algorithm darkens it a step, to about #5b9ae0.
  colorLink: '#69b1ff',
  colorError: '#ff7875',
  colorTextTertiary: 'rgba(255, 255, 255, 0.55)',
  colorTextDescription: 'rgba(255, 255, 255, 0.55)',
  colorTextPlaceholder: 'rgba(255, 255, 255, 0.5)',
};

export const themeTokens = (isDarkTheme: boolean): Pick<ThemeConfig, 'token' | 'components'> => ({
  token: isDarkTheme ? dark : light,
  components: isDarkTheme
    ? {
        Tabs: { itemSelectedColor: darkTextBlue, itemActiveColor: darkTextBlue, inkBarColor: darkTextBlue },
        Pagination: { itemActiveColor: darkTextBlue, itemActiveColorHover: darkTextBlue },
      }
    : {},
});
