export * from './enums';
export * from './portal-secret';
export * from './procurement-portal-preference';
