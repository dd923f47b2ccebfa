/**
 * Edge validation: every payload is checked against its schema from the contract before a
 * handler sees it, and a refusal says which field is wrong and why, in words.
 */
import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { nameProblem, textProblem } from '../../protocol/index.ts';
import { EMOJI_FORMAT, NAME_FORMAT, registerFormats, TEXT_FORMAT } from '../../protocol/schemas.ts';

export interface Validator<T> {
  /** Null when `value` fits, else why not. */
  problem(value: unknown): string | null;
  /** Type guard for a value known to fit. */
  check(value: unknown): value is T;
}

export function compile<S extends TSchema>(schema: S): Validator<Static<S>> {
  registerFormats();
  const compiled = TypeCompiler.Compile(schema);
  return {
    check: (value): value is Static<S> => compiled.Check(value),
    problem(value) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'payload must be an object';
      if (compiled.Check(value)) return null;
      const first = compiled.Errors(value).First();
      if (!first) return 'payload does not fit the contract';
      const field = first.path.replace(/^\//, '').replaceAll('/', '.') || 'payload';
      if (first.schema.format === NAME_FORMAT && typeof first.value === 'string') {
        return `${field}: ${nameProblem(first.value) ?? first.message}`;
      }
      if (first.schema.format === TEXT_FORMAT && typeof first.value === 'string') {
        return `${field}: ${textProblem(first.value) ?? first.message}`;
      }
      if (first.schema.format === EMOJI_FORMAT) return `${field}: must be one emoji`;
      return `${field}: ${first.message}`;
    },
  };
}
