/**
 * {@code carpd import}: reads the configuration of kernel CARP (FreeBSD rc.conf), ucarp (command
 * lines) and keepalived (vrrp_instance blocks) and writes one carpd vhid file per (interface,
 * vhid). Pure: the files come in as text, the results go out as text and findings; the CLI does
 * the reading and writing. Every result is checked with carpd's own {@code ConfigParser} before
 * it is offered, so what is printed is what {@code carpd check} accepts.
 */
package org.carpd.migrate;
