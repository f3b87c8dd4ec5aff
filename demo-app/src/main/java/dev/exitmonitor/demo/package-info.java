/**
 * Exit Monitor demo application.
 */
@NullMarked
package dev.exitmonitor.demo;

import org.jspecify.annotations.NullMarked;
