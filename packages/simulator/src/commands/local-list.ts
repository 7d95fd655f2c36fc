import type { Runtime } from '../runtime.js';
import type { Commands } from './command.js';

/** LocalAuthListEnabled false is answered as if the feature were not supported (OCPP 1.6 §5.10, §5.15). */
const enabled = (rt: Runtime) => rt.state.configuration.boolean('LocalAuthListEnabled');

/** The Local Auth List Management profile. */
export const localListCommands: Commands<'GetLocalListVersion' | 'SendLocalList'> = {
  GetLocalListVersion(_params, rt) {
    return { listVersion: enabled(rt) ? rt.state.localList.version : -1 };
  },

  SendLocalList(params, rt) {
    if (!enabled(rt)) return { status: 'NotSupported' };
    const { configuration } = rt.state;
    return {
      status: rt.state.localList.update(params, {
        maxLength: configuration.integer('LocalAuthListMaxLength'),
        sendMaxLength: configuration.integer('SendLocalListMaxLength'),
      }),
    };
  },
};
