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
export const customerIdOf = ({ name, id }: { name: string; id?: string }): string =>
  id !== undefined && customerIdPattern.test(id)
    ? id
    : readableCode('CUS', id === undefined ? comparableName(name) : `${comparableName(name)}\u0000${id}`);
