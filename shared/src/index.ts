export * from './collab.ts';
export * from './doc-shapes.ts';
export * from './errors.ts';
export * from './live-events.ts';
export * from './schemas/document.ts';
