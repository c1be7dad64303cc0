// The model of the documented rules (issue 15): its state, and for each command the
// documented outcome. Written from the vendor pages and openapi.yaml's x-situations, never
// from the reference host.
export * from './state.ts';
export * from './judge.ts';
export * from './predict.ts';
