import type { Personal } from '../domain/personal.js';
import { readableCode } from './stable-id.js';

/** Customer ids are codes people type and other systems share: letters, digits, '.', '_' and '-'. */
export const customerIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** A name as two people typing it would agree it is the same: width, case and spacing aside. */
export const comparableName = (name: string): string =>
  name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * The customer a complaint's recorded customer stands for: the id it names
 * when that is a customer id, else one made from its name (and whatever it
 * named), the same every time, so that recorded complaints and new ones typed
 * with the same name meet at one customer.
 */
export const customerIdOf = ({ name, id }: { name: Personal; id?: string }): string => {
  if (id !== undefined && customerIdPattern.test(id)) return id;
  // A sealed name was recorded with its customer's id; its key names that customer all the same.
  const text = typeof name === 'string' ? comparableName(name) : name.key;
  return readableCode('CUS', id === undefined ? text : `${text}\u0000${id}`);
};
