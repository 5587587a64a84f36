// Moved to lib/ so every feature opens documents the same way; kept for imports from the editor.
export * from '../../../lib/use-collab-session.ts';
