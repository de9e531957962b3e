export * from './roles.js';
export * from './subjects.js';
export * from './actions.js';
export * from './ability.js';
export * from './access-filter.js';
export * from './visibility.js';
