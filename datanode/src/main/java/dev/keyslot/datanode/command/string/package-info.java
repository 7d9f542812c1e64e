/**
 * String and bitmap commands, registered together by {@link dev.keyslot.datanode.command.string.StringFamily}.
 *
 * <p>Values are plain {@code byte[]}. Commands that edit a string in place (SETRANGE, SETBIT, BITFIELD)
 * first give the entry an array of its own and set {@code KeyEntry.rawString} (Redis then reports the
 * "raw" encoding); an array so flagged belongs to that entry alone. Every other write stores a fresh or
 * argument array and clears the flag through {@code Database.set}.
 */
package dev.keyslot.datanode.command.string;
