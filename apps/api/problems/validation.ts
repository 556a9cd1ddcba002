import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { fieldRuleKeys, type FieldRuleKey, type SentenceValues } from '../../../libs/i18n/index.js';
import { validationProblem, type FieldError, type FieldText } from './problem.js';

const isFieldRule = (key: unknown): key is FieldRuleKey =>
  typeof key === 'string' && (fieldRuleKeys as readonly string[]).includes(key);

/** The arguments a decorator was given (`@MaxLength(200)` → [200]), read back from class-validator's metadata. */
const argumentsOf = (target: object | undefined, property: string, constraint: string): readonly unknown[] =>
  (target &&
    getMetadataStorage()
      .getTargetValidationMetadatas(target.constructor, '', true, false)
      .find((rule) => rule.propertyName === property && rule.name === constraint)?.constraints) ??
  [];

/** The values a rule's sentence takes, by the rule. */
const valuesOf = (constraint: FieldRuleKey, property: string, [first]: readonly unknown[]): SentenceValues => {
  switch (constraint) {
    case 'isIn':
      return { property, values: Array.isArray(first) ? first.map(String) : [] };
    case 'maxLength':
    case 'max':
    case 'arrayMaxSize':
      return { property, max: Number(first) };
    case 'minLength':
    case 'min':
    case 'arrayMinSize':
      return { property, min: Number(first) };
    case 'matches':
      return { property, pattern: String(first) };
    default:
      return { property };
  }
};

/**
 * What a broken constraint says, as data: a decorator's own sentence (named
 * by its `context.rule`), or class-validator's rule with the decorator's
 * arguments. A rule the catalogues lack keeps its English message only.
 */
const textOf = (error: ValidationError, constraint: string): FieldText | undefined => {
  const own = (error.contexts?.[constraint] as { rule?: unknown } | undefined)?.rule;
  if (isFieldRule(own)) return { key: own };
  if (!isFieldRule(constraint)) return undefined;
  return {
    key: constraint,
    params: valuesOf(constraint, error.property, argumentsOf(error.target, error.property, constraint)),
  };
};

const flatten = (errors: ValidationError[], parent = ''): FieldError[] =>
  errors.flatMap((error) => {
    const field = parent
      ? /^\d+$/.test(error.property)
        ? `${parent}[${error.property}]`
        : `${parent}.${error.property}`
      : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]): FieldError => ({
      field,
      message,
      text: textOf(error, constraint),
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });

/** Unknown fields are refused, types are converted, and every field error is reported at once. */
export const validationPipe = () =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    // The target is kept to read each rule's arguments back (see `textOf`); neither it nor the value is ever sent.
    validationError: { target: true, value: false },
    exceptionFactory: (errors) => validationProblem(flatten(errors)),
  });
