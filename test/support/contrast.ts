import type { Page } from 'playwright-core';

/** A text on the page whose contrast with what lies behind it is under WCAG AA's minimum. */
export type ContrastFailure = Readonly<{
  text: string;
  ratio: number;
  minimum: number;
  colour: string;
  background: string;
  where: string;
}>;

/** The little of the DOM the measurement reads (this file is compiled without the DOM's types). */
type Style = Readonly<{
  color: string;
  backgroundColor: string;
  backgroundImage: string;
  opacity: string;
  fontSize: string;
  fontWeight: string;
  visibility: string;
}>;
type Node = Readonly<{ nodeType: number; textContent: string | null }>;
type Element = Node &
  Readonly<{
    tagName: string;
    className: unknown;
    parentElement: Element | null;
    childNodes: ArrayLike<Node>;
    closest(selector: string): Element | null;
    getBoundingClientRect(): { width: number; height: number };
    checkVisibility(options: object): boolean;
    getAttribute(name: string): string | null;
  }>;
type Window = Readonly<{
  getComputedStyle(element: Element): Style;
  document: { body: Element; querySelectorAll(selector: string): ArrayLike<Element> };
}>;

/**
 * Measures, in the page, every visible text against its effective
 * background: the text's colour (with its own and its ancestors' opacity)
 * composed over the background colours behind it, walking up until an
 * opaque one (the page's white or dark base when none is). A gradient counts
 * at its worst stop. WCAG 2 AA asks 4.5:1, or 3:1 for large text (24 px, or
 * 18.66 px bold). Disabled controls are exempt, as WCAG exempts inactive
 * components; so are canvases (charts are checked by their own palette).
 */
const measure = (): ContrastFailure[] => {
  const view = globalThis as unknown as Window;
  type Rgba = [number, number, number, number];
  const parse = (text: string): Rgba | undefined => {
    const match = /rgba?\(([^)]+)\)/.exec(text);
    if (!match) return undefined;
    const [r = 0, g = 0, b = 0, a = 1] = match[1]!
      .split(/[\s,/]+/)
      .filter(Boolean)
      .map(Number);
    return [r, g, b, a];
  };
  const over = ([r, g, b, a]: Rgba, [br, bg, bb]: Rgba): Rgba => [
    r * a + br * (1 - a),
    g * a + bg * (1 - a),
    b * a + bb * (1 - a),
    1,
  ];
  const luminance = ([r, g, b]: Rgba) => {
    const channel = (value: number) => {
      const s = value / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const ratio = (one: Rgba, other: Rgba) => {
    const [light, dark] = [luminance(one), luminance(other)].sort((x, y) => y - x);
    return (light! + 0.05) / (dark! + 0.05);
  };
  const css = (colour: Rgba) => `rgb(${colour.slice(0, 3).map(Math.round).join(', ')})`;
  const dark = view.document.body.closest('[data-theme="dark"]') !== null;
  const base: Rgba = dark ? [0, 0, 0, 1] : [255, 255, 255, 1];

  /** The backgrounds behind an element, as opaque colours: one, or a gradient's stops. */
  const backgroundsOf = (element: Element): Rgba[] => {
    const layers: Rgba[][] = [];
    for (let at: Element | null = element; at; at = at.parentElement) {
      const style = view.getComputedStyle(at);
      const stops = (style.backgroundImage.match(/rgba?\([^)]+\)/g) ?? []).map((stop) => parse(stop)!);
      if (stops.length > 0) layers.push(stops);
      const colour = parse(style.backgroundColor);
      if (colour && colour[3] > 0) layers.push([colour]);
      if ((colour && colour[3] >= 1) || stops.some((stop) => stop[3] >= 1)) break;
    }
    return layers.reduceRight<Rgba[]>(
      (behind, layer) => layer.flatMap((colour) => behind.map((back) => over(colour, back))),
      [base],
    );
  };
  const opacityOf = (element: Element) => {
    let opacity = 1;
    for (let at: Element | null = element; at; at = at.parentElement)
      opacity *= Number(view.getComputedStyle(at).opacity);
    return opacity;
  };
  const where = (element: Element) => {
    const path: string[] = [];
    for (let at: Element | null = element; at && path.length < 4; at = at.parentElement) {
      const testId = at.getAttribute('data-testid');
      const classes = typeof at.className === 'string' ? at.className.split(/\s+/).slice(0, 2).join('.') : '';
      path.unshift(`${at.tagName.toLowerCase()}${testId ? `[${testId}]` : classes ? `.${classes}` : ''}`);
    }
    return path.join(' > ');
  };

  const failures: ContrastFailure[] = [];
  for (const element of Array.from(view.document.querySelectorAll('body *'))) {
    const own = Array.from(element.childNodes)
      .filter((node) => node.nodeType === 3)
      .map((node) => node.textContent ?? '')
      .join('')
      .trim();
    if (!own || ['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEXTAREA', 'OPTION'].includes(element.tagName)) continue;
    if (!element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
    const box = element.getBoundingClientRect();
    if (box.width < 1 || box.height < 1) continue;
    if (
      element.closest(
        '[disabled], [aria-disabled="true"], .ant-btn-disabled, .ant-select-disabled, .ant-input-disabled, .ant-checkbox-wrapper-disabled, .ant-radio-wrapper-disabled, .ant-picker-disabled, canvas, [aria-hidden="true"]',
      )
    )
      continue;
    const style = view.getComputedStyle(element);
    const colour = parse(style.color);
    if (!colour) continue;
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    const minimum = large ? 3 : 4.5;
    const text: Rgba = [colour[0], colour[1], colour[2], colour[3] * opacityOf(element)];
    for (const background of backgroundsOf(element)) {
      const measured = ratio(over(text, background), background);
      if (measured < minimum) {
        failures.push({
          text: own.slice(0, 40),
          ratio: Math.round(measured * 100) / 100,
          minimum,
          colour: style.color,
          background: css(background),
          where: where(element),
        });
        break;
      }
    }
  }
  return failures;
};

/**
 * A list or table refreshing is faded for a moment, on purpose, and fades
 * back in: it is measured once it shows its rows again and nothing moves.
 */
const settled = () => {
  const { document } = globalThis as unknown as Window & {
    document: {
      getAnimations(): readonly {
        playState: string;
        effect: { getTiming(): { iterations?: number } } | null;
      }[];
    };
  };
  return (
    document.querySelectorAll('.ant-spin-blur, .ant-spin-spinning').length === 0 &&
    // A status dot pulses for ever: only the animations that end are waited for.
    document
      .getAnimations()
      .every(
        (animation) =>
          animation.playState !== 'running' || animation.effect?.getTiming().iterations === Number.POSITIVE_INFINITY,
      )
  );
};

/** The texts of the page as it shows once settled, under WCAG AA's contrast. */
export const contrastFailures = async (page: Page): Promise<ContrastFailure[]> => {
  await page.waitForFunction(settled, undefined, { timeout: 10_000 });
  return page.evaluate(measure);
};
