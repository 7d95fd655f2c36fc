import type { Subcommand } from './client.js';
import { integerFlag, runClient, segment, UsageError } from './client.js';

const USAGE = [
  "levity call CP ACTION ['{json payload}'] [--timeout-ms N]",
  '        sends an OCPP 1.6 action to a connected charge point and prints its answer,',
  `        e.g. levity call CP001 Reset '{"type":"Soft"}'; the payload defaults to {}`,
].join('\n');

/** `levity call CP ACTION [JSON]`. */
export const callCommand: Subcommand = {
  summary: "CP ACTION ['{json}']: send an OCPP command to a charge point and print its answer",
  run: (argv, env, io) =>
    runClient(
      argv,
      env,
      io,
      { command: 'call', usage: USAGE, values: ['timeout-ms'] },
      (positionals, flags) => {
        const [chargePointId, action, payload, extra] = positionals;
        if (chargePointId === undefined || action === undefined) {
          throw new UsageError(`expected a charge point id and an action (usage: ${USAGE.split('\n')[0]})`);
        }
        if (extra !== undefined) {
          throw new UsageError(`unexpected argument "${extra}": quote the JSON payload as one argument`);
        }
        let body: unknown = {};
        if (payload !== undefined) {
          try {
            body = JSON.parse(payload);
          } catch (error) {
            throw new UsageError(`the payload is not JSON: ${(error as Error).message}`);
          }
        }
        const timeoutMs = integerFlag(flags, 'timeout-ms');
        return async ({ client, json, io, printJson }) => {
          const answer = await client.request<{ response: unknown }>(
            'POST',
            `/charge-points/${segment(chargePointId)}/commands/${segment(action)}`,
            {
              body,
              query: { timeoutMs },
              // The server waits up to its call timeout (or timeoutMs) for the charge point.
              timeoutMs: (timeoutMs ?? 60_000) + 10_000,
            },
          );
          if (json) return io.stdout(`${JSON.stringify(answer)}\n`);
          printJson(answer.response);
        };
      },
    ),
};
