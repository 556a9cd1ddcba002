import { policyProblems, InvalidPolicy } from '../domain/index.js';
import type { Recipient } from '../contracts/index.js';
import type { Teams } from './config.js';

/** Someone on the staff, as the people directory (PEOPLE_PATH) knows them. */
export type Person = Readonly<{
  /** Their subject, as they sign in (the owner a case names). */
  id: string;
  name: string;
  email?: string;
  /** What they read: `zh-CN` or `en` (absent: Chinese). */
  language?: 'zh-CN' | 'en';
  /** Their roles, ladder rungs included (`team-lead`): an escalation to a role reaches everyone who holds it. */
  roles: readonly string[];
  team?: string;
}>;

/** One plain address: no list, no display name, nothing a mail library would read as more than one. */
export const isEmailAddress = (text: string): boolean =>
  /^[^\s@<>(),;:"\[\]\\]+@[^\s@<>(),;:"\[\]\\]+\.[^\s@<>(),;:"\[\]\\]+$/.test(text);

/** A people file: `people:` a list of `{ id, name, email, language, roles, team }`. */
export const parsePeople = (document: unknown): readonly Person[] => {
  const people = (document as { people?: unknown } | null)?.people;
  if (!Array.isArray(people)) throw new InvalidPolicy([{ path: 'people', key: 'people-list' }]);
  const { add, throwIfAny } = policyProblems();
  const seen = new Set<string>();
  const read = people.map((entry: unknown, index): Person => {
    const at = `people[${index}]`;
    const { id, name, email, language, roles = [], team } = (entry ?? {}) as Record<string, unknown>;
    if (typeof id !== 'string' || id.trim() === '') add(`${at}.id`, 'person-id');
    else if (seen.has(id)) add(`${at}.id`, 'person-repeated');
    else seen.add(id);
    if (email !== undefined && (typeof email !== 'string' || !isEmailAddress(email)))
      add(`${at}.email`, 'person-email');
    if (language !== undefined && language !== 'zh-CN' && language !== 'en') add(`${at}.language`, 'person-language');
    if (!Array.isArray(roles) || !roles.every((role) => typeof role === 'string' && role.length > 0))
      add(`${at}.roles`, 'subject-list');
    if (team !== undefined && (typeof team !== 'string' || team === '')) add(`${at}.team`, 'subject-list');
    return {
      id: String(id),
      name: typeof name === 'string' && name.trim() ? name : String(id),
      ...(typeof email === 'string' ? { email } : {}),
      ...(language === 'zh-CN' || language === 'en' ? { language } : {}),
      roles: Array.isArray(roles) ? (roles as string[]) : [],
      ...(typeof team === 'string' ? { team } : {}),
    };
  });
  throwIfAny();
  return read;
};

/** The teams the people file names: the same file can stand in for TEAMS_PATH. */
export const teamsOf = (people: readonly Person[]): Teams => {
  const teams: Record<string, string[]> = {};
  for (const { id, team } of people) if (team) (teams[team] ??= []).push(id);
  return teams;
};

/** Whom a notification reaches: the person it names, else everyone who holds its role. */
export const peopleFor = (people: readonly Person[], { person, role }: Recipient): Person[] =>
  person !== undefined ? people.filter(({ id }) => id === person) : people.filter(({ roles }) => roles.includes(role));
