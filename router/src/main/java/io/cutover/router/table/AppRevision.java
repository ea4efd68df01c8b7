package io.cutover.router.table;

/**
 * A revision of an app; its instances may be listed by several routes.
 *
 * @param app the app
 * @param revision the revision number
 */
record AppRevision(String app, int revision) {
}
