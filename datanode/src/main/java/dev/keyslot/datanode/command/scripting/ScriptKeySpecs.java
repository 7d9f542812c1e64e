package dev.keyslot.datanode.command.scripting;

import dev.keyslot.datanode.command.KeySpec;

/**
 * The key specs of EVAL, EVALSHA and FCALL and their read-only forms: numkeys, then that many keys, which the
 * script may use in any way its command allows.
 */
final class ScriptKeySpecs {
    static final KeySpec READ_WRITE = KeySpec.index(2).keynum(0, 1, 1).flags("RW access update");
    static final KeySpec READ_ONLY = KeySpec.index(2).keynum(0, 1, 1).flags("RO access");
    /** EVAL and FCALL (not EVALSHA) explain in a note why their keys are assumed so. */
    static final KeySpec READ_WRITE_NOTED = READ_WRITE
            .notes("We cannot tell how the keys will be used so we assume the worst, RW and UPDATE");
    static final KeySpec READ_ONLY_NOTED = READ_ONLY
            .notes("We cannot tell how the keys will be used so we assume the worst, RO and ACCESS");

    private ScriptKeySpecs() {
    }
}
