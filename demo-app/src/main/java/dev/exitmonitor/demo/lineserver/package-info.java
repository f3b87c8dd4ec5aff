/**
 * Demo: a tiny TCP line protocol served by an NIO selector loop that stops on exit.
 */
@NullMarked
package dev.exitmonitor.demo.lineserver;

import org.jspecify.annotations.NullMarked;
