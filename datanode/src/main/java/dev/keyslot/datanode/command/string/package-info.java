/**
 * String and bitmap commands, registered together by {@link dev.keyslot.datanode.command.string.StringFamily}.
 *
 * <p>Values are plain {@code byte[]}. APPEND, SETRANGE, SETBIT, BITFIELD and BITOP leave the entry with an
 * array of its own and set {@code KeyEntry.setRawString} (Redis then reports the "raw" encoding); an array so
 * flagged belongs to that entry alone, so SETRANGE, SETBIT and BITFIELD may edit it in place. Other writes
 * store argument or shared arrays and clear the flag through {@code Database.set}.
 */
package dev.keyslot.datanode.command.string;
