package dev.keyslot.datanode.persistence.aof;

/** Outcomes of loading AOF files, as Redis's AOF_OK, AOF_NOT_EXIST, ... */
enum AofLoadResult {
    OK, NOT_EXIST, EMPTY, OPEN_ERR, FAILED, TRUNCATED
}
