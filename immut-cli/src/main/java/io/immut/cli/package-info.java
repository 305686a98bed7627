/**
 * The immut command-line tool: {@link io.immut.cli.Main}. Its commands are built on immut's public
 * API alone; their implementation lives in {@code io.immut.cli.internal}, which is not API.
 */
package io.immut.cli;
