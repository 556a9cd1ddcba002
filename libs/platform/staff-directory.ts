import { appendUnlessRaced, readCategory, type EventStore } from '../event-store/index.js';
import { idFromKey } from '../support/stable-id.js';
import type { StaffProfile } from './auth.js';
import type { Person } from './people.js';

/** What the identity provider said of a person when they last signed in: one stream per person. */
const profileStreamId = (subject: string): string => `staff-${idFromKey('staff-profile', subject)}`;

type ProfileSeen = Readonly<{ id: string } & StaffProfile>;

/**
 * Keeps what the identity provider says of a person (address, name,
 * language), so e-mail reaches those the people file does not list. Written
 * only when it changed; two sign-ins racing write it once.
 */
export const recordProfile = async (store: EventStore, subject: string, profile: StaffProfile): Promise<void> => {
  const streamId = profileStreamId(subject);
  const [last] = await store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
  const seen: ProfileSeen = { id: subject, ...profile };
  // Field by field: a stored document's keys come back in the database's order, not in the order they were written.
  const before = last?.data as ProfileSeen | undefined;
  if (before && (['email', 'name', 'language'] as const).every((field) => before[field] === seen[field])) return;
  await appendUnlessRaced(
    store,
    streamId,
    [
      {
        id: idFromKey('profile-seen', `${subject}:${JSON.stringify(seen)}:${last?.revision ?? -1}`),
        type: 'StaffProfileSeen',
        data: seen,
        metadata: { actor: subject },
      },
    ],
    last ? last.revision : 'no-stream',
  );
};

/** Everyone the identity provider has told of, as the people directory lists people: with no roles of the ladder. */
export const profiledPeople = async (store: EventStore): Promise<Person[]> => {
  const latest = new Map<string, ProfileSeen>();
  for await (const event of readCategory(store, 'staff'))
    if (event.type === 'StaffProfileSeen') latest.set(event.streamId, event.data as ProfileSeen);
  return [...latest.values()].map(({ id, name, email, language }) => ({
    id,
    name: name ?? id,
    ...(email ? { email } : {}),
    ...(language ? { language } : {}),
    roles: [],
  }));
};

/** The people file's people, and those only the identity provider knows: the file says it first. */
export const staffOf = (listed: readonly Person[], profiled: readonly Person[]): Person[] => {
  const ids = new Set(listed.map((person) => person.id));
  return [...listed, ...profiled.filter((person) => !ids.has(person.id))];
};
