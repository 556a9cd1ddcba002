/** The people to suggest, once each, in this order: the caller, their team, then those who own cases. */
export const peopleToSuggest = (
  me: Readonly<{ subject: string; team?: readonly string[] }> | undefined,
  owners: readonly (string | null | undefined)[],
): string[] => {
  const people = [me?.subject, ...(me?.team ?? []), ...[...owners].sort()].filter(
    (person): person is string => !!person,
  );
  return [...new Set(people)];
};
