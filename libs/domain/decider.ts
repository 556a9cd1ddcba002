/** A domain event: something that happened, named in the past tense. */
export type Event<Type extends string = string, Data = unknown> = Readonly<{ type: Type; data: Data }>;

/**
 * Who asks and when. Time and identity enter the domain only through here, so
 * `decide` stays pure and replayable.
 */
export type CommandMetadata = Readonly<{
  now: string;
  actor: string;
  /** The roles the API vouches for; none: the system's own workflows. */
  roles?: readonly string[];
  /** The actor's teammates, whose cases an owner may act on too. */
  team?: readonly string[];
}>;

/** An intention, named in the imperative. */
export type Command<Type extends string = string, Data = unknown> = Readonly<{
  type: Type;
  data: Data;
  metadata: CommandMetadata;
}>;

/** A command as a caller sends it: the one who runs `decide` adds the metadata. */
export type CommandPayload<C extends Command> = C extends Command
  ? Readonly<{ type: C['type']; data: C['data'] }>
  : never;

/** Every event records when the decision was taken and by whom. */
export type Stamp = Readonly<{ at: string; by: string }>;

export const stampOf = (metadata: CommandMetadata): Stamp => ({ at: metadata.now, by: metadata.actor });

export type Decider<C extends Command, E extends Event, S> = Readonly<{
  decide: (command: C, state: S) => E[];
  evolve: (state: S, event: E) => S;
  initialState: () => S;
}>;

export const fold = <E extends Event, S>(
  decider: Pick<Decider<never, E, S>, 'evolve' | 'initialState'>,
  events: Iterable<E>,
): S => {
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
};

export const assertNever = (value: never): never => {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
};
