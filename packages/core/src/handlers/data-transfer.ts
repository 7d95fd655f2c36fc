import type { DefaultHandler } from './handler.js';

/** OCPP 1.6 §4.3: without a registered vendor handler, the vendor is unknown here. */
export const dataTransfer: DefaultHandler<'DataTransfer'> = async () => ({ status: 'UnknownVendorId' });
