// node-redis (Debian's node-redis, the npm package "redis" v4), unchanged, against one server: the calls Node.js
// applications make, and node-redis's parsing of INFO, CLIENT INFO, CONFIG GET, ACL GETUSER and XINFO. Exits
// non-zero with the failed assertion on the first difference; prints OK at the end.
// Usage: NODE_PATH=/usr/share/nodejs node node_redis_standalone.js HOST PORT
'use strict';
const assert = require('node:assert/strict');
const { createClient, commandOptions, WatchError } = require('redis');

const [host, port] = [process.argv[2], Number(process.argv[3])];
const plain = (object) => ({ ...object });

async function main() {
    const r = createClient({ socket: { host, port, reconnectStrategy: false } });
    r.on('error', (e) => { throw e; });
    await r.connect();
    await r.flushAll();

    // Strings, counters, expiry.
    assert.equal(await r.set('greeting', 'hello', { EX: 100 }), 'OK');
    assert.equal(await r.get('greeting'), 'hello');
    const ttl = await r.ttl('greeting');
    assert.ok(ttl >= 99 && ttl <= 100, `ttl ${ttl}`);
    assert.equal(await r.getEx('greeting', { PERSIST: true }), 'hello');
    assert.equal(await r.ttl('greeting'), -1);
    assert.equal(await r.set('greeting', 'bye', { NX: true }), null);
    assert.equal(await r.incrBy('counter', 5), 5);
    assert.equal(await r.incrByFloat('counter', 0.5), '5.5');
    assert.equal(await r.mSet({ m1: 'a', m2: 'b' }), 'OK');
    assert.deepEqual(await r.mGet(['m1', 'm2', 'none']), ['a', 'b', null]);

    // Hashes, lists, sets, sorted sets.
    assert.equal(await r.hSet('user:1', { name: 'ada', lang: 'js' }), 2);
    assert.deepEqual(plain(await r.hGetAll('user:1')), { name: 'ada', lang: 'js' });
    assert.equal(await r.hIncrBy('user:1', 'visits', 3), 3);
    assert.equal(await r.rPush('queue', ['a', 'b', 'c']), 3);
    assert.deepEqual(await r.lRange('queue', 0, -1), ['a', 'b', 'c']);
    assert.deepEqual(await r.lPopCount('queue', 2), ['a', 'b']);
    assert.equal(await r.sAdd('tags', ['x', 'y', 'x']), 2);
    assert.deepEqual((await r.sMembers('tags')).sort(), ['x', 'y']);
    assert.equal(await r.zAdd('board', [{ score: 3, value: 'alice' }, { score: 1.5, value: 'bob' }]), 2);
    assert.deepEqual(await r.zRangeWithScores('board', 0, -1), [{ value: 'bob', score: 1.5 }, { value: 'alice', score: 3 }]);
    assert.equal(await r.zIncrBy('board', 2, 'bob'), 3.5);
    assert.equal(await r.zRevRank('board', 'bob'), 0);

    // SCAN returns every key once the cursor is back at 0.
    for (let i = 0; i < 200; i++) {
        await r.set(`scan:${i}`, String(i));
    }
    const scanned = [];
    for await (const key of r.scanIterator({ MATCH: 'scan:*', COUNT: 17 })) {
        scanned.push(key);
    }
    assert.deepEqual(scanned.sort(), Array.from({ length: 200 }, (_, i) => `scan:${i}`).sort());

    // MULTI/EXEC, and WATCH on an isolated connection aborted by another client's write.
    assert.deepEqual(await r.multi().set('a', '1').incr('a').get('a').exec(), ['OK', 2, '2']);
    await r.executeIsolated(async (isolated) => {
        await isolated.watch('a');
        await r.set('a', '100');
        await assert.rejects(isolated.multi().set('a', '5').exec(), WatchError);
    });
    assert.equal(await r.get('a'), '100');

    // Scripts: EVALSHA after SCRIPT LOAD, NOSCRIPT after SCRIPT FLUSH.
    const sha = await r.scriptLoad("return redis.call('incrby', KEYS[1], ARGV[1])");
    assert.equal(await r.evalSha(sha, { keys: ['n'], arguments: ['3'] }), 3);
    await r.scriptFlush();
    await assert.rejects(r.evalSha(sha, { keys: ['n'], arguments: ['4'] }), /^Error: NOSCRIPT/);
    assert.equal(await r.eval("return redis.call('incrby', KEYS[1], ARGV[1])", { keys: ['n'], arguments: ['4'] }), 7);

    // Errors arrive as ErrorReply with Redis's text.
    await assert.rejects(r.hGet('greeting', 'x'), (e) => e.message.startsWith('WRONGTYPE'));

    // Pub/sub with patterns on a second connection.
    const sub = r.duplicate();
    await sub.connect();
    const received = [];
    await sub.subscribe('news', (message, channel) => received.push(['message', channel, message]));
    await sub.pSubscribe('n*', (message, channel) => received.push(['pmessage', channel, message]));
    assert.equal(await r.publish('news', 'hi'), 2);
    const deadline = Date.now() + 5000;
    while (received.length < 2 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.deepEqual(received.sort(), [['message', 'news', 'hi'], ['pmessage', 'news', 'hi']]);
    await sub.quit();

    // A blocked BLPOP (on its own connection) is woken by another client's push; a timeout gives null.
    const popped = r.blPop(commandOptions({ isolated: true }), 'jobs', 5);
    setTimeout(() => r.rPush('jobs', 'j1'), 200);
    assert.deepEqual(await popped, { key: 'jobs', element: 'j1' });
    assert.equal(await r.blPop(commandOptions({ isolated: true }), 'empty', 0.1), null);

    // Streams and consumer groups.
    assert.equal(await r.xAdd('events', '1-1', { k: 'v' }), '1-1');
    assert.equal(await r.xGroupCreate('events', 'g', '0'), 'OK');
    const read = await r.xReadGroup('g', 'c1', { key: 'events', id: '>' }, { COUNT: 10 });
    assert.equal(read.length, 1);
    assert.equal(read[0].name, 'events');
    assert.deepEqual(read[0].messages.map((m) => [m.id, plain(m.message)]), [['1-1', { k: 'v' }]]);
    assert.equal((await r.xPending('events', 'g')).pending, 1);
    assert.equal(await r.xAck('events', 'g', '1-1'), 1);
    const stream = await r.xInfoStream('events');
    assert.equal(stream.length, 1);
    assert.equal(stream.groups, 1);
    assert.equal(stream.firstEntry.id, '1-1');

    // What node-redis parses out of the server's introspection replies.
    const info = await r.info('server');
    assert.match(info, /^redis_version:7\.0\./m);
    assert.match(await r.info('keyspace'), new RegExp(`^db0:keys=${await r.dbSize()},`, 'm'));
    await r.clientSetName('node-app');
    assert.equal(await r.clientGetName(), 'node-app');
    assert.equal((await r.clientInfo()).name, 'node-app');
    assert.deepEqual(plain(await r.configGet('maxmemory-policy')), { 'maxmemory-policy': 'noeviction' });
    assert.equal(await r.objectEncoding('counter'), 'embstr');
    assert.equal(await r.objectEncoding('queue'), 'quicklist');
    assert.ok((await r.memoryUsage('user:1')) > 0);
    assert.equal(await r.aclSetUser('alice', ['on', '>secret', '~a*', '+get']), 'OK');
    const alice = await r.aclGetUser('alice');
    assert.deepEqual([alice.flags, alice.keys, alice.commands], [['on'], '~a*', '-@all +get']);
    const asAlice = createClient({ socket: { host, port, reconnectStrategy: false }, username: 'alice', password: 'secret' });
    await asAlice.connect();
    assert.equal(await asAlice.get('a'), '100');
    await assert.rejects(asAlice.set('a', '1'), (e) => e.message.startsWith('NOPERM'));
    await asAlice.quit();
    await r.aclDelUser('alice');
    await r.quit();
    console.log('OK');
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
