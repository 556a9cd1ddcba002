import type { NextFunction, Request, Response } from 'express';
import { isStorableText } from '../../../libs/event-store/index.js';
import { fieldError, validationProblem, type FieldError } from '../problems/problem.js';

/** Deeper than any body the API takes (a step's actions are three levels down); the transformer recurses, so depth is bounded before the body is even parsed. */
export const maxBodyDepth = 32;

const pathOf = (parent: string, key: string | number): string =>
  typeof key === 'number' ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key;

/**
 * Lists every field of a parsed value (`label` names the value itself) whose
 * text, or name, could not be stored; at most `limit`, so a huge body costs
 * one pass and a short answer. Bodies come here bounded in depth (see
 * `refuseDeepJson`), and queries are flat.
 * Text no store can hold (NUL, an unpaired surrogate) is refused here,
 * before any workflow is asked to record it.
 */
export const inputProblems = (value: unknown, label: string, limit = 20): FieldError[] => {
  const errors: FieldError[] = [];
  const pending: [unknown, string][] = [[value, '']];
  while (pending.length > 0 && errors.length < limit) {
    const [current, path] = pending.pop()!;
    if (typeof current === 'string') {
      if (!isStorableText(current)) errors.push(fieldError(path || label, 'unstorable-text'));
    } else if (Array.isArray(current)) {
      current.forEach((item, index) => pending.push([item, pathOf(path, index)]));
    } else if (current !== null && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        if (isStorableText(key)) pending.push([item, pathOf(path, key)]);
        else errors.push(fieldError(path || label, 'unstorable-field-name'));
      }
    }
  }
  return errors;
};

const decodedPath = (request: Request): string => {
  try {
    return decodeURIComponent(request.path);
  } catch {
    return request.path; // a malformed escape is the router's to refuse
  }
};

/**
 * Refuses, with 400 and the fields named, a request whose body, query or path
 * the store could not hold or the validator could not walk safely. Runs after
 * the JSON parser and before any route.
 */
export const inputGuard = (request: Request, _response: Response, next: NextFunction): void => {
  const errors = [
    ...(isStorableText(decodedPath(request)) ? [] : [fieldError('path', 'unstorable-text')]),
    ...inputProblems(request.query, 'query'),
    ...inputProblems(request.body, 'body'),
  ];
  next(errors.length > 0 ? validationProblem(errors) : undefined);
};

const [openBrace, openBracket, closeBrace, closeBracket, quote, backslash] = [0x7b, 0x5b, 0x7d, 0x5d, 0x22, 0x5c];

/** Whether raw JSON nests deeper than `maxBodyDepth`: one pass over the bytes, so a hostile body costs no parse. */
export const nestsTooDeep = (json: Uint8Array): boolean => {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < json.length; index++) {
    const byte = json[index];
    if (inString) {
      if (byte === backslash) index++;
      else if (byte === quote) inString = false;
    } else if (byte === quote) inString = true;
    else if (byte === openBrace || byte === openBracket) {
      if (++depth > maxBodyDepth) return true;
    } else if (byte === closeBrace || byte === closeBracket) depth--;
  }
  return false;
};

/** The JSON parser's `verify` hook: a body nested too deep is refused before it is parsed. */
export const refuseDeepJson = (_request: unknown, _response: unknown, body: Buffer): void => {
  if (nestsTooDeep(body)) throw validationProblem([fieldError('body', 'nested-too-deep', { depth: maxBodyDepth })]);
};
