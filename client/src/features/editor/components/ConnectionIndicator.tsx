// Moved to components/ so every co-edited page shows the same indicator; kept for imports from the editor.
export * from '../../../components/ConnectionIndicator.tsx';
