import type { Logger } from 'pino';
import {
  commands,
  isCommandName,
  type ApiError,
  type ApiErrorCode,
  type CommandName,
  type CommandResult,
  type ParsedPayload,
  type Reply,
} from './contract.ts';
import { describeIssues } from '../content/schema.ts';

/** Who sent a command; handlers and logs use it, it is never trusted for authority. */
export interface CallContext {
  transport: 'ipc' | 'host' | 'internal';
  connectionId: string;
}

export type Handlers = {
  [N in CommandName]: (
    payload: ParsedPayload<N>,
    ctx: CallContext,
  ) => Promise<CommandResult<N>> | CommandResult<N>;
};

/** A handler's way to answer with a typed error instead of a result. */
export class CommandError extends Error {
  constructor(
    readonly code: Exclude<ApiErrorCode, 'malformed' | 'too-large' | 'unknown-command' | 'internal'>,
    message: string,
    /** What the caller is told beyond the code and the English message (contract `apiError`). */
    readonly detail: Pick<ApiError, 'signIn'> = {},
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

export interface Dispatcher {
  dispatch(name: unknown, payload: unknown, ctx: CallContext): Promise<Reply>;
}

const MAX_ISSUES = 10;
const MAX_ISSUE_CHARS = 200;

/**
 * The one validated table both transports go through: unknown names and malformed payloads get
 * a typed error and a log line; a handler's bug becomes an `internal` error, never a crash.
 */
export function createDispatcher(handlers: Handlers, log: Logger): Dispatcher {
  return {
    async dispatch(name, payload, ctx) {
      if (!isCommandName(name)) {
        log.warn({ command: String(name).slice(0, 64), ...ctx }, 'unknown command');
        return fail('unknown-command', `Unknown command: ${String(name).slice(0, 64)}`);
      }
      const parsed = commands[name].payload.safeParse(payload ?? {});
      if (!parsed.success) {
        // Issues name keys the client chose: a few, each cut short, so one message cannot fill the log.
        const issues = describeIssues(parsed.error)
          .slice(0, MAX_ISSUES)
          .map((issue) => issue.slice(0, MAX_ISSUE_CHARS));
        log.warn({ command: name, issues, ...ctx }, 'invalid payload');
        return { ok: false, error: { code: 'invalid-payload', message: `Invalid payload for ${name}`, issues } };
      }
      try {
        const handler = handlers[name] as (p: unknown, c: CallContext) => unknown;
        const result = (await handler(parsed.data, ctx)) as CommandResult<typeof name>;
        return { ok: true, result };
      } catch (err) {
        if (err instanceof CommandError) {
          log.info({ command: name, code: err.code, ...ctx }, err.message);
          return { ok: false, error: { code: err.code, message: err.message, ...err.detail } };
        }
        log.error({ command: name, err, ...ctx }, 'command handler failed');
        return fail('internal', `The kiosk could not carry out ${name}; the problem has been logged.`);
      }
    },
  };
}

function fail(code: ApiErrorCode, message: string): Reply {
  return { ok: false, error: { code, message } };
}
