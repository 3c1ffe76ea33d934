// The engine's public API. Pages and the datasource layer import from here only.
export * from './model';
