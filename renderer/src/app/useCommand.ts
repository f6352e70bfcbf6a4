import { useEffect, useState } from 'react';
import { KioskCommandError } from '../api/client.ts';
import type { CommandName, CommandPayload, CommandResult } from '../../../main/api/contract.ts';
import { useApp } from './context.ts';

export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'ready'; data: T }
  | { state: 'error'; notFound: boolean };

/** Runs a command when the screen opens (and again when content changes). */
export function useCommand<N extends CommandName>(name: N, payload: CommandPayload<N>): Loaded<CommandResult<N>> {
  const { client, contentVersion } = useApp();
  const [loaded, setLoaded] = useState<Loaded<CommandResult<N>>>({ state: 'loading' });
  const key = JSON.stringify(payload);
  useEffect(() => {
    let live = true;
    const call = client.command as (n: N, p: unknown) => Promise<CommandResult<N>>;
    call(name, JSON.parse(key) as unknown).then(
      (data) => live && setLoaded({ state: 'ready', data }),
      (err: unknown) =>
        live && setLoaded({ state: 'error', notFound: err instanceof KioskCommandError && err.error.code === 'not-found' }),
    );
    return () => {
      live = false;
    };
  }, [client, name, key, contentVersion]);
  return loaded;
}
