// node-redis's cluster client (createCluster), unchanged, against a cluster of three masters with a replica each:
// topology discovery, routing across slots, hash tags, MULTI on one slot, reads from replicas, and a slot moved
// under the client (ASK while it migrates, then MOVED). Prints OK at the end.
// Usage: NODE_PATH=/usr/share/nodejs node node_redis_cluster.js HOST PORT
'use strict';
const assert = require('node:assert/strict');
const { createCluster } = require('redis');

const [host, port] = [process.argv[2], Number(process.argv[3])];

async function main() {
    const rc = createCluster({
        rootNodes: [{ socket: { host, port } }],
        defaults: { socket: { reconnectStrategy: false } },
        useReplicas: true,
    });
    rc.on('error', (e) => { throw e; });
    await rc.connect();
    const masters = rc.getMasters();
    assert.equal(masters.length, 3);
    const admin = masters[0].client;
    const info = await admin.clusterInfo();
    assert.deepEqual([info.state, info.slots.assigned, info.knownNodes, info.size], ['ok', 16384, 6, 3]);

    // Keys spread over every master, read back (reads may be served by replicas: retried until they caught up).
    for (let i = 0; i < 500; i++) {
        await rc.set(`node:${i}`, String(i));
    }
    let sizes = 0;
    for (const master of masters) {
        sizes += await master.client.dbSize();
    }
    assert.equal(sizes, 500);
    const deadline = Date.now() + 10000;
    for (let i = 0; i < 500; i += 10) {
        let value;
        while ((value = await rc.get(`node:${i}`)) !== String(i)) {
            assert.ok(Date.now() < deadline, `node:${i} read ${value}: replicas never caught up`);
            await new Promise((resolve) => setTimeout(resolve, 50));
        }
    }
    assert.equal(await admin.clusterKeySlot('foo'), 12182);

    // Multi-key commands and MULTI within one slot (hash tags).
    assert.equal(await rc.mSet({ '{user}a': '1', '{user}b': '2' }), 'OK');
    assert.deepEqual(await rc.sendCommand('{user}a', false, ['MGET', '{user}a', '{user}b']), ['1', '2']);
    assert.deepEqual(await rc.multi('{user}').incr('{user}c').incr('{user}c').get('{user}c').exec(), [1, 2, '2']);
    await assert.rejects(rc.sendCommand('x1', false, ['MSET', 'x1', '1', 'x2', '2']), (e) => e.message.startsWith('CROSSSLOT'));

    // Move the slot of "foo" to another master by hand, as redis-cli --cluster reshard does: while it migrates the
    // client follows ASK, afterwards MOVED, and its slot map is refreshed.
    await rc.set('foo', 'bar');
    await rc.set('{foo}other', 'baz');
    const slot = await admin.clusterKeySlot('foo');
    const source = rc.getSlotMaster(slot);
    const target = masters.find((m) => m.id !== source.id);
    const targetAddress = target.client.options.socket;
    assert.equal(await target.client.clusterSetSlot(slot, 'IMPORTING', source.id), 'OK');
    assert.equal(await source.client.clusterSetSlot(slot, 'MIGRATING', target.id), 'OK');
    await source.client.sendCommand(['MIGRATE', targetAddress.host, String(targetAddress.port), '', '0', '5000', 'KEYS', 'foo']);
    assert.equal(await rc.sendCommand('foo', false, ['GET', 'foo']), 'bar'); // ASK to the target, which holds it now
    assert.equal(await rc.sendCommand('{foo}other', false, ['GET', '{foo}other']), 'baz'); // still on the source
    await source.client.sendCommand(['MIGRATE', targetAddress.host, String(targetAddress.port), '', '0', '5000', 'KEYS', '{foo}other']);
    for (const master of masters) {
        await master.client.clusterSetSlot(slot, 'NODE', target.id);
    }
    assert.equal(await rc.sendCommand('foo', false, ['GET', 'foo']), 'bar');
    assert.equal(await rc.sendCommand('{foo}other', false, ['GET', '{foo}other']), 'baz');
    assert.equal(rc.getSlotMaster(slot).id, target.id);
    await rc.quit();
    console.log('OK');
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
