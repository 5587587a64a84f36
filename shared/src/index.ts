export * from './collab.ts';
export * from './doc-shapes.ts';
export * from './errors.ts';
export * from './live-events.ts';
export * from './schemas/document.ts';
export * from './schemas/network.ts';
export * from './schemas/action-plan.ts';
export * from './restore.ts';
