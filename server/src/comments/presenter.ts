import type { CommentThread, CommentThreadView, DocumentPermissions, Notification, NotificationView } from '@dialogo/shared';

/**
 * Comment threads and notifications as the API answers them, each with what its reader may do
 * (`can`). A document's comments follow the document: the policy's answer on it (its
 * `permissions`, asked through the catalog) says who reads them and who writes them, so who may
 * edit a document may open a thread on it, reply and resolve (or reopen); approved minutes and
 * submitted proposals, edited by nobody, take no new comments either.
 */

/** One thread as a reader with `permissions` on its document sees it. */
export function presentThread(thread: CommentThread, permissions: DocumentPermissions): CommentThreadView {
  return { ...thread, can: { reply: permissions.edit, resolve: permissions.edit } };
}

/** A document's threads for a reader with `permissions` on it, and whether they may open one. */
export function presentThreads(threads: readonly CommentThread[], permissions: DocumentPermissions): { threads: CommentThreadView[]; can: { open: boolean } } {
  return { threads: threads.map((thread) => presentThread(thread, permissions)), can: { open: permissions.edit } };
}

/** One notification as its person sees it, with whether they may still read its document (`readable`, from the catalog). */
export function presentNotification(notification: Notification, readable: boolean): NotificationView {
  return { ...notification, can: { open: readable } };
}
