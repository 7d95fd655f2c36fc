import { LevityError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Response } from '../ocpp16/actions.js';
import type { IsoTimestamp } from '../storage/records.js';
import type { Storage } from '../storage/storage.js';

export interface DataTransferContext {
  chargePointId: string;
  vendorId: string;
  messageId: string | null;
  /** The `data` the charge point sent, as text (its format is the vendor's business). */
  data: string | null;
  receivedAt: IsoTimestamp;
  storage: Storage;
  logger: Logger;
}

/** Answers one vendor extension's DataTransfer (OCPP 1.6 §4.3). */
export type DataTransferHandler = (
  context: DataTransferContext,
) => Response<'DataTransfer'> | Promise<Response<'DataTransfer'>>;

export type DataTransferLookup =
  | { found: true; handler: DataTransferHandler }
  | { found: false; status: 'UnknownVendorId' | 'UnknownMessageId' };

interface VendorHandlers {
  any?: DataTransferHandler;
  byMessage: Map<string, DataTransferHandler>;
}

/** Vendor extensions by vendorId, each for one messageId or for all of them. */
export class DataTransferRegistry {
  readonly #vendors = new Map<string, VendorHandlers>();

  add(vendorId: string, messageId: string | undefined, handler: DataTransferHandler): void {
    if (typeof vendorId !== 'string' || vendorId.length === 0 || vendorId.length > 255) {
      throw new LevityError(
        'LEVITY_ERR_INVALID_ARGUMENT',
        'vendorId must be a string of 1 to 255 characters',
      );
    }
    if (messageId !== undefined && (typeof messageId !== 'string' || messageId.length > 50)) {
      throw new LevityError(
        'LEVITY_ERR_INVALID_ARGUMENT',
        'messageId must be a string of at most 50 characters',
      );
    }
    if (typeof handler !== 'function') {
      throw new LevityError(
        'LEVITY_ERR_INVALID_HANDLER',
        `The DataTransfer handler for "${vendorId}" must be a function`,
      );
    }
    const vendor: VendorHandlers = this.#vendors.get(vendorId) ?? { byMessage: new Map() };
    if (messageId === undefined) vendor.any = handler;
    else vendor.byMessage.set(messageId, handler);
    this.#vendors.set(vendorId, vendor);
  }

  /** The handler for a message: its messageId's own, else the vendor's catch-all. */
  lookup(vendorId: string, messageId: string | null): DataTransferLookup {
    const vendor = this.#vendors.get(vendorId);
    if (!vendor) return { found: false, status: 'UnknownVendorId' };
    const handler = (messageId !== null ? vendor.byMessage.get(messageId) : undefined) ?? vendor.any;
    return handler ? { found: true, handler } : { found: false, status: 'UnknownMessageId' };
  }
}
