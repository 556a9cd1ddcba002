export const APP_CONFIG = Symbol('APP_CONFIG');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
export const READ_MODELS = Symbol('READ_MODELS');
export const PROJECTOR = Symbol('PROJECTOR');
