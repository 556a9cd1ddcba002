import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** A required, non-empty string of bounded length. */
export const Text = (maxLength: number) => (target: object, key: string) => {
  IsString()(target, key);
  IsNotEmpty()(target, key);
  MaxLength(maxLength)(target, key);
};
