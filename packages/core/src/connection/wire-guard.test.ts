import { describe, expect, it } from 'vitest';
import { inspectFrame, MAX_ERROR_DESCRIPTION, normalizeOutboundFrame } from './wire-guard.js';

describe('inspectFrame', () => {
  it('passes well-formed CALL, CALLRESULT and CALLERROR frames', () => {
    expect(inspectFrame('[2,"1","Heartbeat",{}]')).toMatchObject({ kind: 'pass' });
    expect(inspectFrame('[3,"1",{}]')).toMatchObject({ kind: 'pass' });
    expect(inspectFrame('[4,"1","GenericError","",{}]')).toMatchObject({ kind: 'pass' });
  });

  it('rejects what is not a JSON array with FormationViolation', () => {
    expect(inspectFrame('nope')).toMatchObject({
      kind: 'reject',
      messageId: '-1',
      errorCode: 'FormationViolation',
    });
    expect(inspectFrame('{"a":1}')).toMatchObject({ kind: 'reject', errorCode: 'FormationViolation' });
    expect(inspectFrame('["2","1","Heartbeat",{}]')).toMatchObject({
      kind: 'reject',
      errorCode: 'FormationViolation',
    });
  });

  it('ignores unknown message type ids', () => {
    expect(inspectFrame('[6,"1","Heartbeat",{}]')).toMatchObject({ kind: 'ignore' });
    expect(inspectFrame('[0]')).toMatchObject({ kind: 'ignore' });
  });

  it('checks the message id of a CALL: a string of 1 to 36 characters', () => {
    expect(inspectFrame(`[2,"${'a'.repeat(36)}","Heartbeat",{}]`)).toMatchObject({ kind: 'pass' });
    expect(inspectFrame(`[2,"${'a'.repeat(37)}","Heartbeat",{}]`)).toMatchObject({
      errorCode: 'FormationViolation',
    });
    expect(inspectFrame('[2,"","Heartbeat",{}]')).toMatchObject({
      errorCode: 'FormationViolation',
      messageId: '',
    });
    expect(inspectFrame('[2,7,"Heartbeat",{}]')).toMatchObject({
      errorCode: 'FormationViolation',
      messageId: '-1',
    });
  });

  it('drops responses with a broken message id instead of answering them', () => {
    expect(inspectFrame('[3,7,{}]')).toMatchObject({ kind: 'ignore' });
    expect(inspectFrame('[4]')).toMatchObject({ kind: 'ignore' });
  });

  it('tells an incomplete CALL from a malformed one', () => {
    expect(inspectFrame('[2,"1","Heartbeat"]')).toMatchObject({ errorCode: 'ProtocolError', messageId: '1' });
    expect(inspectFrame('[2,"1","Heartbeat",{},{}]')).toMatchObject({ errorCode: 'FormationViolation' });
    expect(inspectFrame('[2,"1","",{}]')).toMatchObject({ errorCode: 'FormationViolation' });
    expect(inspectFrame('[2,"1",null,{}]')).toMatchObject({ errorCode: 'FormationViolation' });
  });
});

describe('normalizeOutboundFrame', () => {
  it('leaves CALLRESULTs and CALLs untouched', () => {
    const text = '[3,"1",{"status":"Accepted"}]';
    expect(normalizeOutboundFrame(text)).toBe(text);
    expect(normalizeOutboundFrame('[2,"1","Reset",{"type":"Soft"}]')).toBe('[2,"1","Reset",{"type":"Soft"}]');
  });

  it('rewrites OCPP 2.x codes to their 1.6 spelling', () => {
    expect(JSON.parse(normalizeOutboundFrame('[4,"1","OccurrenceConstraintViolation","x",{}]'))).toEqual([
      4,
      '1',
      'OccurenceConstraintViolation',
      'x',
      {},
    ]);
    expect(JSON.parse(normalizeOutboundFrame('[4,"1","FormatViolation","x",{}]'))[2]).toBe(
      'FormationViolation',
    );
    expect(JSON.parse(normalizeOutboundFrame('[4,"1","RpcFrameworkError","x",{}]'))[2]).toBe(
      'FormationViolation',
    );
  });

  it('turns unknown codes into GenericError and errorDetails into an object', () => {
    expect(JSON.parse(normalizeOutboundFrame('[4,"1","Oops","x",null]'))).toEqual([
      4,
      '1',
      'GenericError',
      'x',
      {},
    ]);
    expect(JSON.parse(normalizeOutboundFrame('[4,"1","InternalError","x",[1]]'))[4]).toEqual({});
  });

  it('keeps a valid CALLERROR byte for byte', () => {
    const text = '[4,"1","NotImplemented","x",{"a":1}]';
    expect(normalizeOutboundFrame(text)).toBe(text);
  });

  it('never echoes large data back: a long description is cut, large details dropped', () => {
    const long = 'x'.repeat(100_000);
    const frame = JSON.parse(
      normalizeOutboundFrame(JSON.stringify([4, '1', 'PropertyConstraintViolation', long, { field: long }])),
    );
    expect(frame[3]).toHaveLength(MAX_ERROR_DESCRIPTION);
    expect(frame[4]).toEqual({});
    const small = { field: '/data' };
    expect(
      JSON.parse(normalizeOutboundFrame(JSON.stringify([4, '1', 'GenericError', long, small])))[4],
    ).toEqual(small);
  });
});
