'use strict';
// The Node original's stack (Node + better-sqlite3) running the workloads of the Java suite (src/jmh/java,
// docs/performance.md) on the same data, schema, pragmas and sizes, for the three-runtime table of issue 13.
//
//   node bench.js suite <scale> <out.json> [workDir] [views]   every workload, both views (warm,fresh), a process each
//   node bench.js run <workload> <sync> <view> <scale> <workDir>   one workload in this process; prints a JSON line
//
// Views: "warm" mirrors JMH (each workload run whole once as warm-up on its own fresh database, then measured on a
// fresh one; reads warm up twice and are measured twice); "fresh" is a new process that first runs min(2,000, n)
// operations of the workload on a scratch database, then the measured run (the issue's "fresh process after a short
// warm-up"). Mirrors JdbcTarget (the hand-written baseline): statements prepared once, BEGIN IMMEDIATE transactions,
// every row's JSON decoded into objects. Node is single-threaded: W1 and W3 run on one thread only.
const t0 = performance.now();
const Database = require('better-sqlite3');
const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const { spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..', '..');
const MIGRATIONS = path.join(ROOT, 'src/main/resources/db/migration/sqlite');
const EPHEMERAL = path.join(ROOT, 'src/main/resources/db/ephemeral/sqlite');
const CHECKSUM_SQL = path.join(ROOT, 'bench/checksum.sql');

// ------------------------------------------------------------------ fixtures (Fixtures.java)
const POOLS = 250;
const APPS_PER_POOL = 80;
const TRIGGERS = ['process-data', 'resize-image', 'send-report'];
const BLOCK_SIZE = 65536;
const BLOCK_TYPE = 'binary';
const TRIGGER_TTL_MS = 1; // LibraryTarget.TRIGGER_TTL
const OPERATIONS = 20000; // WriteBenchmarks
const READS = 200000; // ReadBenchmarks
const QUERIES = 2000;
const BLOCKS = 100000; // BatchBenchmarks
const BLOCKS_PER_TRANSACTION = 1000;
const TRIGGER_COUNT = 50000;
const FRESH_WARMUP = 2000;

let SCALE = 1;
const scaled = (n, floor) => Math.max(floor, Math.round(n * SCALE));
const appId = (i) => 'app-' + i;
const blockId = (i) => 'block-' + i;
const pool = (p) => 'pool-' + p;
function pools(i, poolCount) {
  const a = i % poolCount;
  const b = (a + 1 + (Math.floor(i / poolCount) % (poolCount - 1))) % poolCount;
  return [pool(a), pool(b)];
}
const meta = (i) => ({ version: '1.0.0', host: 'worker-' + (i % 16), instance: i });
function blockOptions(i, poolCount) {
  return {
    name: 'buffer ' + i, pool: pool(i % poolCount), persistent: true,
    permissions: { read: ['*'], write: ['owner'] }, codec: 'raw',
  };
}
const appPools = (apps) => Math.max(2, Math.floor((apps * 2) / (2 * APPS_PER_POOL)));

/** java.util.SplittableRandom(seed).nextInt(bound), n times (W2's ids), computed before the clock starts. */
function splittableInts(seed, bound, n) {
  const M = (1n << 64n) - 1n;
  const GAMMA = 0x9e3779b97f4a7c15n;
  let s = BigInt(seed) & M;
  const next = () => { s = (s + GAMMA) & M; return s; };
  const mix32 = (z) => {
    z = ((z ^ (z >> 33n)) * 0x62a9d9ed799705f5n) & M;
    z = ((z ^ (z >> 28n)) * 0xcb24d0a5c88c35b3n) & M;
    return Number(BigInt.asIntN(32, z >> 32n));
  };
  const out = new Int32Array(n);
  const m = bound - 1;
  for (let k = 0; k < n; k++) {
    let r = mix32(next());
    if ((bound & m) === 0) {
      r &= m;
    } else {
      // for (int u = r >>> 1; u + m - (r = u % bound) < 0; u = mix32(nextSeed()) >>> 1);
      let u = r >>> 1;
      for (;;) {
        r = u % bound;
        if (((u + m - r) | 0) >= 0) break;
        u = mix32(next()) >>> 1;
      }
    }
    out[k] = r;
  }
  return out;
}

// ------------------------------------------------------------------ the database (JdbcTarget.java)
const APP_COLUMNS = 'app_id, pools, triggers, meta, protocol_version, registered, last_seen, rehydrated';
const BLOCK_COLUMNS = 'block_id, name, pool, size, type, permissions, version, created, updated, persistent, encrypted, config';
const TRIGGER_COLUMNS = 'id, origin_app_id, origin_connection_id, destination, pool, process, created, ttl, dispatched_to, completed, updated';

function sqlFiles(dir) {
  const version = (f) => Number(/^V(\d+)__/.exec(f)[1]);
  return fs.readdirSync(dir).filter((f) => /^V\d+__.*\.sql$/.test(f)).sort((a, b) => version(a) - version(b))
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
}

/** A connection with the library's pragmas (SqliteDataSources / JdbcTarget.connect). */
function connect(file, sync, onFile) {
  const db = new Database(file);
  if (onFile) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = ' + sync);
  }
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.pragma('cache_size = 1000');
  db.pragma('secure_delete = ON');
  db.pragma('mmap_size = 0');
  db.pragma('trusted_schema = OFF');
  db.pragma('cell_size_check = ON');
  return db;
}

/** A new empty database in a new directory, with the project's Flyway migrations applied in order. */
function emptyDatabase(work, name) {
  const dir = fs.mkdtempSync(path.join(work, 'node-' + name + '-'));
  const file = path.join(dir, 'latzero.db');
  const db = connect(file, 'NORMAL', true);
  for (const sql of sqlFiles(MIGRATIONS)) db.exec(sql);
  db.close();
  return { dir, file };
}

function decode(json, ifNull) {
  if (json == null) return ifNull;
  const v = JSON.parse(json);
  return v == null ? ifNull : v;
}

function appRow(r) {
  return {
    appId: r.app_id, pools: decode(r.pools, []), triggers: decode(r.triggers, []), meta: decode(r.meta, {}),
    protocolVersion: r.protocol_version, registered: r.registered, lastSeen: r.last_seen, rehydrated: r.rehydrated !== 0,
  };
}

function blockRow(r) {
  return {
    blockId: r.block_id, name: r.name, pool: r.pool, size: r.size, type: r.type, permissions: decode(r.permissions, {}),
    version: r.version, created: r.created, updated: r.updated, persistent: r.persistent !== 0,
    encrypted: r.encrypted !== 0, config: decode(r.config, {}),
  };
}

function triggerRow(r) {
  if (!r) throw new Error('no trigger record');
  return {
    id: r.id, originAppId: r.origin_app_id, originConnectionId: r.origin_connection_id, destination: r.destination,
    pool: r.pool, process: r.process, created: r.created, ttl: r.ttl, dispatchedTo: r.dispatched_to,
    completed: r.completed !== 0, updated: r.updated,
  };
}

class Target {
  constructor(file, sync) {
    this.db = connect(file, sync, true);
    this.memory = connect(':memory:', sync, false);
    for (const sql of sqlFiles(EPHEMERAL)) this.memory.exec(sql);
    const db = this.db;
    const memory = this.memory;
    this.insertApp = db.prepare(`INSERT INTO app_registry (${APP_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    this.selectApp = db.prepare(`SELECT ${APP_COLUMNS} FROM app_registry WHERE app_id = ?`);
    this.updateAppMeta = db.prepare('UPDATE app_registry SET meta = ?, last_seen = ? WHERE app_id = ?');
    this.appsByPool = db.prepare('SELECT a.app_id, a.pools, a.triggers, a.meta, a.protocol_version, a.registered,'
      + ' a.last_seen, a.rehydrated FROM app_pool_members m JOIN app_registry a ON a.app_id = m.app_id'
      + ' WHERE m.pool = ? ORDER BY a.app_id');
    this.insertBlock = db.prepare(`INSERT INTO memory_blocks (${BLOCK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.blocksByPool = db.prepare(`SELECT ${BLOCK_COLUMNS} FROM memory_blocks WHERE pool = ? ORDER BY block_id`);
    this.insertTrigger = memory.prepare(`INSERT INTO trigger_records (${TRIGGER_COLUMNS})`
      + ' VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, 0, ?)');
    this.dispatchTrigger = memory.prepare('UPDATE trigger_records SET dispatched_to = ?, updated = ? WHERE id = ?'
      + ` RETURNING ${TRIGGER_COLUMNS}`);
    this.completeTrigger = memory.prepare('UPDATE trigger_records SET completed = 1, updated = ? WHERE id = ?'
      + ` RETURNING ${TRIGGER_COLUMNS}`);
    this.purgeTriggers = memory.prepare('DELETE FROM trigger_records WHERE created + ttl <= ?');

    this.registerTx = db.transaction((id, triggers, appPoolList, appMeta) => {
      const now = Date.now();
      this.insertApp.run(id, JSON.stringify(appPoolList), JSON.stringify(triggers), JSON.stringify(appMeta), '1.0',
        now, now, 0);
      return { appId: id, pools: appPoolList, triggers, meta: appMeta, protocolVersion: '1.0', registered: now,
        lastSeen: now, rehydrated: false };
    });
    this.touchTx = db.transaction((id, round) => {
      const app = this.findApp(id);
      if (!app) throw new Error('no app ' + id);
      const m = { ...app.meta, round };
      const now = Date.now();
      this.updateAppMeta.run(JSON.stringify(m), now, id);
      return { ...app, meta: m, lastSeen: now };
    });
    this.blocksTx = db.transaction((first, count, poolCount) => {
      const now = Date.now();
      for (let i = first; i < first + count; i++) {
        const options = blockOptions(i, poolCount);
        const config = { ...options };
        for (const k of ['name', 'pool', 'persistent', 'encrypted', 'permissions']) delete config[k];
        this.insertBlock.run(blockId(i), options.name, options.pool, BLOCK_SIZE, BLOCK_TYPE,
          JSON.stringify(options.permissions), 1, now, now, 1, 0, JSON.stringify(config));
      }
    });
    this.seedTx = db.transaction((count, poolCount) => {
      const now = Date.now();
      for (let i = 0; i < count; i++) {
        this.insertApp.run(appId(i), JSON.stringify(pools(i, poolCount)), JSON.stringify(TRIGGERS),
          JSON.stringify(meta(i)), '1.0', now, now, 0);
      }
    });
    this.createTriggerTx = memory.transaction((id, destination) => {
      const now = Date.now();
      this.insertTrigger.run(id, 'origin-app', 7, destination, 'pool-0', 'process-data', now, TRIGGER_TTL_MS, now);
      return { id, originAppId: 'origin-app', originConnectionId: 7, destination, pool: 'pool-0',
        process: 'process-data', created: now, ttl: TRIGGER_TTL_MS, dispatchedTo: null, completed: false, updated: now };
    });
    this.dispatchTx = memory.transaction((id, to) => triggerRow(this.dispatchTrigger.get(to, Date.now(), id)));
    this.completeTx = memory.transaction((id) => triggerRow(this.completeTrigger.get(Date.now(), id)));
    this.purgeTx = memory.transaction(() => this.purgeTriggers.run(Date.now()).changes);
  }

  registerApp(id, triggers, appPoolList, appMeta) { return this.registerTx.immediate(id, triggers, appPoolList, appMeta); }
  findApp(id) { const r = this.selectApp.get(id); return r ? appRow(r) : undefined; }
  getApp(id) { return this.findApp(id); }
  touchApp(id, round) { return this.touchTx.immediate(id, round); }
  getAppsByPool(p) { return this.appsByPool.all(p).map(appRow); }
  createBlocks(first, count, poolCount) { this.blocksTx.immediate(first, count, poolCount); }
  getMemoryBlocksByPool(p) { return this.blocksByPool.all(p).map(blockRow); }
  createTrigger(id, destination) { return this.createTriggerTx.immediate(id, destination); }
  dispatch(id, to) { return this.dispatchTx.immediate(id, to); }
  complete(id) { return this.completeTx.immediate(id); }
  purgeExpiredTriggers() { return this.purgeTx.immediate(); }
  seedApps(count, poolCount) { this.seedTx.immediate(count, poolCount); }
  close() { this.db.close(); this.memory.close(); }
}

function seededDatabase(work, name, apps, blocks) {
  const d = emptyDatabase(work, name);
  const t = new Target(d.file, 'NORMAL');
  t.seedApps(apps, appPools(apps));
  for (let first = 0; first < blocks; first += 10000) t.createBlocks(first, Math.min(10000, blocks - first), POOLS);
  t.close();
  return d;
}

/** The read-only database of W2, W4, W6 and W9 (Fixtures.sharedDatabase), built once per work directory. */
function sharedDatabase(work, apps, blocks) {
  const dir = path.join(work, `node-apps-${apps}-blocks-${blocks}`);
  const file = path.join(dir, 'latzero.db');
  if (fs.existsSync(path.join(dir, '.complete'))) return { dir, file };
  const d = seededDatabase(work, 'shared', apps, blocks);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(d.dir, dir);
  fs.writeFileSync(path.join(dir, '.complete'), '');
  return { dir, file };
}

// ------------------------------------------------------------------ checksums (bench/checksum.sql)
function checksumStatements() {
  const out = new Map();
  let table = null;
  let sql = [];
  for (const line of fs.readFileSync(CHECKSUM_SQL, 'utf8').split('\n')) {
    const m = /^-- table: (\w+)/.exec(line);
    if (m) { table = m[1]; sql = []; continue; }
    if (table == null || line.startsWith('--')) continue;
    sql.push(line);
    if (line.trimEnd().endsWith(';')) { out.set(table, sql.join('\n').trim().replace(/;$/, '')); table = null; }
  }
  return out;
}

/** SHA-256 over the canonical rows of {@code tables} (plain SQL reads) and the workload's result line; 12 hex digits. */
function checksum(file, tables, result) {
  const statements = checksumStatements();
  const hash = crypto.createHash('sha256');
  if (file) {
    const db = new Database(file, { readonly: true });
    try {
      for (const table of tables) {
        hash.update('table ' + table + '\n');
        for (const row of db.prepare(statements.get(table)).pluck().iterate()) hash.update(row + '\n');
      }
    } finally {
      db.close();
    }
  }
  hash.update('result ' + result + '\n');
  return hash.digest('hex').substring(0, 12);
}

// ------------------------------------------------------------------ workloads
const now = () => performance.now();
const APP_TABLES = ['app_registry', 'app_pool_members'];

function w1(t, n) {
  for (let i = 0; i < n; i++) t.registerApp(appId(i), TRIGGERS, pools(i, POOLS), meta(i));
}
function w3(t, n) {
  for (let i = 0; i < n; i++) t.touchApp(appId((i * 7919) % n), i);
}
function w5(t, n) {
  for (let first = 0; first < n; first += BLOCKS_PER_TRANSACTION) {
    t.createBlocks(first, Math.min(BLOCKS_PER_TRANSACTION, n - first), POOLS);
  }
}
/** W7 trigger churn; returns the result line: completions seen done by the right worker, records purged. */
function w7(t, n) {
  let ok = 0;
  for (let i = 0; i < n; i++) {
    const id = 'trigger-' + i;
    t.createTrigger(id, 'app-' + (i % 100));
    t.dispatch(id, 'worker-' + (i % 7));
    const done = t.complete(id);
    if (done.completed && done.dispatchedTo === 'worker-' + (i % 7)) ok++;
  }
  const purged = t.purgeExpiredTriggers();
  return { ok, purged };
}

/** Result line of W7 after the clock stops: every record completed as dispatched, all purged once their TTL passed. */
function w7Result(t, r) {
  const until = Date.now() + 2 * TRIGGER_TTL_MS + 1;
  while (Date.now() < until) { /* wait for the last records' TTL */ }
  const purged = r.purged + t.purgeExpiredTriggers();
  return `completed ${r.ok}, purged ${purged}`;
}

/** A write workload on a fresh database: warm-up per the view, then the measured run; ms and checksum. */
function writeWorkload(work, view, sync, prepare, run, n, tables, resultOf) {
  const warmN = view === 'fresh' ? Math.min(FRESH_WARMUP, n) : n;
  const runOnce = (size, measured) => {
    const d = prepare(size);
    const t = new Target(d.file, sync);
    const start = now();
    const out = run(t, size);
    const ms = now() - start;
    let result = '';
    if (resultOf) result = resultOf(t, out);
    t.close();
    const sum = measured ? checksum(tables.length ? d.file : null, tables, result) : null;
    fs.rmSync(d.dir, { recursive: true, force: true });
    return { ms, sum };
  };
  runOnce(warmN, false);
  return runOnce(n, true);
}

function readWorkload(file, view, n, run, tables, rowsRead) {
  const t = new Target(file, 'FULL');
  let ms;
  if (view === 'fresh') {
    run(t, Math.min(FRESH_WARMUP, n));
    const start = now();
    run(t, n);
    ms = now() - start;
  } else {
    // ReadBenchmarks: two warm-up and two measured iterations, score = their mean.
    run(t, n);
    run(t, n);
    let total = 0;
    for (let k = 0; k < 2; k++) {
      const start = now();
      run(t, n);
      total += now() - start;
    }
    ms = total / 2;
  }
  const result = run.last;
  t.close();
  return { ms, sum: checksum(file, tables, result) };
}

function runWorkload(workload, sync, view, work) {
  const apps = scaled(20000, 100);
  const blocks = scaled(100000, 1000);
  switch (workload) {
    case 'W1': {
      const n = scaled(OPERATIONS, 100);
      const r = writeWorkload(work, view, sync, () => emptyDatabase(work, 'w1'), w1, n, APP_TABLES);
      return { ops: n, ...r };
    }
    case 'W3': {
      const n = scaled(OPERATIONS, 100);
      const r = writeWorkload(work, view, sync, (size) => seededDatabase(work, 'w3', size, 0), w3, n, APP_TABLES);
      return { ops: n, ...r };
    }
    case 'W5': {
      const n = scaled(BLOCKS, BLOCKS_PER_TRANSACTION);
      const r = writeWorkload(work, view, sync, () => emptyDatabase(work, 'w5'), w5, n, ['memory_blocks']);
      return { ops: n, ...r };
    }
    case 'W7': {
      const n = scaled(TRIGGER_COUNT, 100);
      const r = writeWorkload(work, view, sync, () => emptyDatabase(work, 'w7'), w7, n, [], w7Result);
      return { ops: 3 * n, ...r };
    }
    case 'W2': {
      const d = sharedDatabase(work, apps, blocks);
      const n = scaled(READS, 1000);
      const ids = splittableInts(42, apps, n);
      const run = (t, count) => {
        let sum = 0;
        for (let i = 0; i < count; i++) {
          const app = t.getApp(appId(ids[i]));
          if (!app) throw new Error('missing app');
          sum += app.meta.instance;
        }
        run.last = `reads ${count}, sum of meta.instance ${sum}`;
      };
      return { ops: n, ...readWorkload(d.file, view, n, run, APP_TABLES) };
    }
    case 'W4': case 'W4_200K': {
      const a = workload === 'W4' ? apps : scaled(200000, 100);
      const d = workload === 'W4' ? sharedDatabase(work, apps, blocks)
        : sharedDatabase(work, a, scaled(1000000, 1000));
      const n = scaled(QUERIES, 20);
      const poolCount = appPools(a);
      const run = (t, count) => {
        let rows = 0;
        for (let i = 0; i < count; i++) rows += t.getAppsByPool(pool((i * 31) % poolCount)).length;
        run.last = `queries ${count}, rows ${rows}`;
      };
      return { ops: n, ...readWorkload(d.file, view, n, run, APP_TABLES) };
    }
    case 'W6': {
      const d = sharedDatabase(work, apps, blocks);
      const n = scaled(QUERIES, 20);
      const run = (t, count) => {
        let rows = 0;
        for (let i = 0; i < count; i++) rows += t.getMemoryBlocksByPool(pool((i * 31) % POOLS)).length;
        run.last = `queries ${count}, rows ${rows}`;
      };
      return { ops: n, ...readWorkload(d.file, view, n, run, ['memory_blocks']) };
    }
    case 'W8': return w8(work, apps, blocks);
    case 'W9': return w9(work, apps, blocks, sync);
    default: throw new Error('unknown workload ' + workload);
  }
}

/**
 * W8: db.backup() of the 20k-app/100k-block database while a writer updates apps, one per transaction, through the
 * same connection in the same thread (Node's single thread: the backup's steps and the writes interleave on the event
 * loop, and a change through the backup's own connection does not restart it). One warm-up, three measured; the
 * writer's longest operation is the longest gap between the ends of two consecutive writes (so it includes any time
 * the writer waited for a backup step).
 */
async function w8(work, apps, blocks) {
  const d = seededDatabase(work, 'w8', apps, blocks);
  const t = new Target(d.file, 'FULL');
  const times = [];
  let longest = 0;
  for (let k = 0; k < 4; k++) {
    let writing = true;
    let i = 0;
    let last = now();
    const measured = k > 0;
    let backingUp = false;
    const writer = new Promise((resolve) => {
      const step = () => {
        if (!writing) { resolve(); return; }
        t.touchApp(appId(i % apps), i);
        i++;
        const end = now();
        if (measured && backingUp && end - last > longest) longest = end - last;
        last = end;
        setImmediate(step);
      };
      setImmediate(step);
    });
    await new Promise((r) => setTimeout(r, 200));
    const target = path.join(d.dir, `backup-${k}.db`);
    const start = now();
    backingUp = true;
    last = now();
    await t.db.backup(target);
    const ms = now() - start;
    backingUp = false;
    writing = false;
    await writer;
    if (measured) times.push(ms);
    if (k === 3) {
      const check = new Database(target, { readonly: true });
      const count = check.prepare('SELECT count(*) FROM memory_blocks').pluck().get();
      check.close();
      t.close();
      const sum = checksum(target, ['memory_blocks'], `blocks ${count}`);
      fs.rmSync(d.dir, { recursive: true, force: true });
      return { ms: times.reduce((a, b) => a + b, 0) / times.length, ops: 1, longestWriteMs: longest, sum };
    }
    fs.rmSync(target, { force: true });
  }
  throw new Error('unreachable');
}

/**
 * W9: open the shared 20k-app database (pragmas, statement prepared) to the first getApp answered. Warm: in this
 * process, one reopen as warm-up, then the median of five. Cold: a new node process each, from the first line of the
 * script (before better-sqlite3 is loaded; Node's own boot not counted, as JMH does not count the JVM's) to the first
 * getApp answered; median of five.
 */
function w9(work, apps, blocks, sync) {
  const d = sharedDatabase(work, apps, blocks);
  const reopen = () => {
    const start = now();
    const db = connect(d.file, sync, true);
    const app = appRow(db.prepare(`SELECT ${APP_COLUMNS} FROM app_registry WHERE app_id = ?`).get(appId(1)));
    const ms = now() - start;
    db.close();
    if (app.appId !== appId(1)) throw new Error('wrong app');
    return ms;
  };
  reopen();
  const warm = median([0, 1, 2, 3, 4].map(reopen));
  const cold = [];
  for (let k = 0; k < 5; k++) {
    const child = spawnSync(process.execPath, [__filename, 'coldstart', d.file, sync], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error('cold start failed: ' + child.stderr);
    cold.push(Number(child.stdout.trim()));
  }
  return { ms: warm, coldMs: median(cold), ops: 1, sum: checksum(null, [], 'app-1') };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

// ------------------------------------------------------------------ the driver
/** What the suite runs: [workload, sync, view]. W2, W4, W6 read and W7 is in memory: synchronous does not apply. */
function plan(views) {
  const out = [];
  for (const view of ['warm', 'fresh'].filter((v) => views.includes(v))) {
    for (const sync of ['FULL', 'NORMAL']) {
      for (const w of ['W1', 'W3', 'W5']) out.push([w, sync, view]);
    }
    for (const w of ['W2', 'W4', 'W4_200K', 'W6', 'W7']) out.push([w, 'FULL', view]);
  }
  if (views.includes('warm')) out.push(['W8', 'FULL', 'warm']);
  // W9: the reopen in a warm process (the fresh view's row) and the cold start (the warm view's row) in one run.
  out.push(['W9', 'FULL', 'warm']);
  return out;
}

async function main(argv) {
  const [command, ...args] = argv;
  if (command === 'coldstart') {
    const [file, sync] = args;
    const db = connect(file, sync, true);
    const app = appRow(db.prepare(`SELECT ${APP_COLUMNS} FROM app_registry WHERE app_id = ?`).get(appId(1)));
    const ms = performance.now() - t0;
    db.close();
    if (app.appId !== appId(1)) throw new Error('wrong app');
    process.stdout.write(ms + '\n');
    return;
  }
  if (command === 'run') {
    const [workload, sync, view, scale, work] = args;
    SCALE = Number(scale);
    const r = await runWorkload(workload, sync, view, work);
    process.stdout.write(JSON.stringify({ workload, sync, view, scale: SCALE, ...r }) + '\n');
    return;
  }
  if (command === 'suite') {
    const [scale, outFile, workArg, viewsArg] = args;
    const views = (viewsArg || 'warm,fresh').split(',');
    const work = workArg || fs.mkdtempSync(path.join(os.tmpdir(), 'latzero-bench-node-'));
    fs.mkdirSync(work, { recursive: true });
    const results = [];
    const started = Date.now();
    try {
      for (const [workload, sync, view] of plan(views)) {
        const child = spawnSync(process.execPath, [__filename, 'run', workload, sync, view, scale, work],
          { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
        if (child.status !== 0) {
          results.push({ workload, sync, view, error: 'exit ' + child.status });
          process.stderr.write(`node bench: ${workload} ${sync} ${view} failed\n`);
          continue;
        }
        const r = JSON.parse(child.stdout.trim().split('\n').pop());
        results.push(r);
        process.stderr.write(`node bench: ${workload} ${sync} ${view}: ${r.ms.toFixed(1)} ms, checksum ${r.sum}\n`);
      }
    } finally {
      if (!workArg) fs.rmSync(work, { recursive: true, force: true });
    }
    const doc = {
      runtime: `node ${process.version}, better-sqlite3 ${require('better-sqlite3/package.json').version}`,
      sqlite: new Database(':memory:').prepare('SELECT sqlite_version()').pluck().get(),
      scale: Number(scale), seconds: (Date.now() - started) / 1000, results,
    };
    fs.writeFileSync(outFile, JSON.stringify(doc, null, 2) + '\n');
    return;
  }
  throw new Error('usage: node bench.js suite <scale> <out.json> [workDir] | run <workload> <sync> <view> <scale> <workDir>');
}

main(process.argv.slice(2)).catch((e) => {
  process.stderr.write((e && e.stack) || String(e));
  process.stderr.write('\n');
  process.exit(1);
});
