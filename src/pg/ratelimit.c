/*
 * ratelimit.c - per-key request counters shared by all backends
 *
 * The limit is GCRA, a token bucket kept as one number per key: the
 * "theoretical arrival time" (tat) of the key's next request.  With a limit
 * of L requests a minute, each request costs an interval T = 60 s / L and
 * the bucket holds L of them (burst = L * T).  A request at time now is
 * allowed when max(tat, now) + T - now <= burst, and then moves tat there;
 * a refused request changes nothing.  So a fresh key (or one idle for a
 * minute) may make L requests at once, request L + 1 is refused, and from
 * then on one request every T is allowed.  A key whose tat has passed is
 * the same as a key never seen, which is what lets the table forget keys.
 *
 * The table: RL_SLOTS slots keyed by key id, linear probing, protected by
 * one LWLock.  It holds at most RL_MAX_KEYS keys, so probes stay short.  A
 * new key takes the first slot on its probe path whose key's tat has
 * passed; when the table is full, every such slot is emptied, and if none
 * was, the key with the oldest tat is forgotten (the only case in which a
 * key's count is lost: more than RL_MAX_KEYS keys busy within a minute).
 *
 * Where the table lives:
 *
 * - With the library in shared_preload_libraries: in the main shared
 *   memory, with a named LWLock tranche, both requested at start-up.
 *
 * - Without: in a dynamic shared memory segment, pinned for the life of the
 *   postmaster, found through the file pg_stat_tmp/feedback_ratelimit,
 *   one line of text:
 *
 *       feedback_ratelimit <magic, hex> <dsm handle> <PgStartTime, us>
 *
 *   The first backend that needs the table creates the segment and writes
 *   the file; the others read it and attach.  Both the file and the
 *   segment's header carry the magic number (which also encodes the layout
 *   version) and the postmaster's start time: a file left from before a
 *   restart, a handle since reused by another segment, or a segment of
 *   another build of the library does not match, and a new segment is
 *   made.  Creation is serialized by a heavyweight advisory lock on
 *   database 0, which no SQL caller can take and which, unlike writing a
 *   table, works in READ ONLY transactions and on standbys.
 *
 * Either way fb_ratelimit_take works on the same RateTable struct; only the
 * lock differs (the named tranche, or the LWLock inside the segment).
 */
#include "glue.h"

#include <fcntl.h>
#include <unistd.h>

#include "miscadmin.h"
#include "pgstat.h"
#include "storage/dsm.h"
#include "storage/fd.h"
#include "storage/ipc.h"
#include "storage/lock.h"
#include "storage/lwlock.h"
#include "storage/shmem.h"

#define RL_SLOTS 16384			/* a power of two */
#define RL_MAX_KEYS (RL_SLOTS / 4 * 3)
#define RL_MAGIC 0xFB5A7E01		/* the low byte is the layout version */
#define RL_NAME "feedback_ratelimit"	/* shmem struct and LWLock tranche */
#define RL_FILE PG_STAT_TMP_DIR "/feedback_ratelimit"
#define RL_FILE_MAX 128			/* longer than any line we write */

typedef struct RateSlot
{
	int64		key_id;			/* 0 = empty (key ids start at 1) */
	TimestampTz tat;			/* theoretical arrival time */
} RateSlot;

typedef struct RateTable
{
	uint32		magic;			/* RL_MAGIC */
	uint32		size;			/* sizeof(RateTable) */
	TimestampTz started;		/* PgStartTime of the postmaster */
	int			tranche_id;		/* of lock (segment only) */
	int			nkeys;			/* slots in use */
	LWLock		lock;			/* segment only; else the named tranche */
	RateSlot	slots[RL_SLOTS];
} RateTable;

static RateTable *rl_table = NULL;	/* this backend's view of the table */
static LWLock *rl_lock = NULL;

#if PG_VERSION_NUM >= 150000
static shmem_request_hook_type prev_shmem_request_hook = NULL;
#endif
static shmem_startup_hook_type prev_shmem_startup_hook = NULL;

/* Empty the table and stamp it as belonging to this postmaster. */
static void
rl_table_reset(RateTable *table, int tranche_id)
{
	memset(table, 0, sizeof(RateTable));
	table->magic = RL_MAGIC;
	table->size = sizeof(RateTable);
	table->started = PgStartTime;
	table->tranche_id = tranche_id;
}

/* Whether a table (mapped for length bytes) is ours and this postmaster's. */
static bool
rl_table_valid(const RateTable *table, Size length)
{
	return length >= sizeof(RateTable) &&
		table->magic == RL_MAGIC &&
		table->size == sizeof(RateTable) &&
		table->started == PgStartTime;
}

/* The home slot of a key (the splitmix64 finalizer: ids are sequential). */
static inline uint32
rl_home(int64 key_id)
{
	uint64		h = (uint64) key_id;

	h = (h ^ (h >> 30)) * UINT64CONST(0xbf58476d1ce4e5b9);
	h = (h ^ (h >> 27)) * UINT64CONST(0x94d049bb133111eb);
	h ^= h >> 31;
	return (uint32) h & (RL_SLOTS - 1);
}

/* Whether slot x lies cyclically in (from, to]. */
static inline bool
rl_between(uint32 from, uint32 x, uint32 to)
{
	if (from <= to)
		return from < x && x <= to;
	return x > from || x <= to;
}

/*
 * Empty slot i, moving later entries of its probe run back so that every
 * key stays reachable from its home slot (deletion without tombstones).
 */
static void
rl_delete(RateTable *table, uint32 i)
{
	uint32		j = i;

	for (;;)
	{
		RateSlot   *next;

		j = (j + 1) & (RL_SLOTS - 1);
		next = &table->slots[j];
		if (next->key_id == 0)
			break;
		if (!rl_between(i, rl_home(next->key_id), j))
		{
			table->slots[i] = *next;
			i = j;
		}
	}
	table->slots[i].key_id = 0;
	table->slots[i].tat = 0;
	table->nkeys--;
}

/*
 * The table is full: forget every key whose tat has passed (nothing is
 * lost), or when there is none, the key with the oldest tat.
 */
static void
rl_make_room(RateTable *table, TimestampTz now)
{
	uint32		i;
	uint32		oldest = 0;

	for (i = 0; i < RL_SLOTS; i++)
	{
		/* a deletion may move an unchecked entry into slot i */
		while (table->slots[i].key_id != 0 && table->slots[i].tat <= now)
			rl_delete(table, i);
	}
	if (table->nkeys < RL_MAX_KEYS)
		return;

	for (i = 1; i < RL_SLOTS; i++)
	{
		if (table->slots[i].key_id != 0 &&
			(table->slots[oldest].key_id == 0 ||
			 table->slots[i].tat < table->slots[oldest].tat))
			oldest = i;
	}
	rl_delete(table, oldest);
}

/*
 * The slot of a key, added (with a tat of 0, i.e. fresh) if the key is not
 * in the table.  The table always has an empty slot, which ends each probe.
 */
static RateSlot *
rl_slot(RateTable *table, int64 key_id, TimestampTz now)
{
	uint32		i = rl_home(key_id);
	RateSlot   *reusable = NULL;
	RateSlot   *slot;

	for (;;)
	{
		slot = &table->slots[i];
		if (slot->key_id == key_id)
			return slot;
		if (slot->key_id == 0)
			break;
		if (reusable == NULL && slot->tat <= now)
			reusable = slot;
		i = (i + 1) & (RL_SLOTS - 1);
	}

	/* Not there.  A slot on the path whose key has gone idle will do. */
	if (reusable != NULL)
		slot = reusable;
	else
	{
		if (table->nkeys >= RL_MAX_KEYS)
		{
			rl_make_room(table, now);
			/* entries have moved: find the end of the probe run again */
			for (i = rl_home(key_id); table->slots[i].key_id != 0;
				 i = (i + 1) & (RL_SLOTS - 1))
				;
			slot = &table->slots[i];
		}
		table->nkeys++;
	}
	slot->key_id = key_id;
	slot->tat = 0;
	return slot;
}

#if PG_VERSION_NUM >= 150000
/* Ask for the table's shared memory and lock (shmem_request_hook). */
static void
rl_shmem_request(void)
{
	if (prev_shmem_request_hook)
		prev_shmem_request_hook();
	RequestAddinShmemSpace(MAXALIGN(sizeof(RateTable)));
	RequestNamedLWLockTranche(RL_NAME, 1);
}
#endif

/* Find, or create and empty, the table in the main shared memory. */
static void
rl_shmem_startup(void)
{
	RateTable  *table;
	bool		found;

	if (prev_shmem_startup_hook)
		prev_shmem_startup_hook();

	LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
	table = ShmemInitStruct(RL_NAME, sizeof(RateTable), &found);
	if (!found)
		rl_table_reset(table, 0);
	rl_lock = &(GetNamedLWLockTranche(RL_NAME))->lock;
	rl_table = table;
	LWLockRelease(AddinShmemInitLock);
}

/*
 * Set up the counters' shared memory (see the file header).  Without
 * preloading there is nothing to do until the first request.
 */
void
fb_ratelimit_init(void)
{
	if (!process_shared_preload_libraries_in_progress)
		return;

#if PG_VERSION_NUM >= 150000
	prev_shmem_request_hook = shmem_request_hook;
	shmem_request_hook = rl_shmem_request;
#else
	RequestAddinShmemSpace(MAXALIGN(sizeof(RateTable)));
	RequestNamedLWLockTranche(RL_NAME, 1);
#endif
	prev_shmem_startup_hook = shmem_startup_hook;
	shmem_startup_hook = rl_shmem_startup;
}

/* The segment handle the file names, if it is this postmaster's; else 0. */
static dsm_handle
rl_file_read(void)
{
	char		buf[RL_FILE_MAX];
	unsigned int magic;
	unsigned int handle;
	long long	started;
	int			fd;
	ssize_t		len;

	fd = OpenTransientFile(RL_FILE, O_RDONLY | PG_BINARY);
	if (fd < 0)
		return 0;				/* none yet; any other trouble shows on write */
	len = read(fd, buf, sizeof(buf) - 1);
	CloseTransientFile(fd);
	if (len <= 0)
		return 0;
	buf[len] = '\0';

	if (sscanf(buf, RL_NAME " %x %u %lld", &magic, &handle, &started) != 3 ||
		magic != RL_MAGIC || started != (long long) PgStartTime)
		return 0;
	return (dsm_handle) handle;
}

/* Publish the segment's handle in the file. */
static void
rl_file_write(dsm_handle handle)
{
	char		line[RL_FILE_MAX];
	int			len;
	int			fd;

	len = snprintf(line, sizeof(line), RL_NAME " %08x %u %lld\n",
				   RL_MAGIC, (unsigned int) handle, (long long) PgStartTime);

	fd = OpenTransientFile(RL_FILE, O_WRONLY | O_CREAT | O_TRUNC | PG_BINARY);
	if (fd < 0 && errno == ENOENT)
	{
		/* the directory is gone: make it again */
		(void) MakePGDirectory(PG_STAT_TMP_DIR);
		fd = OpenTransientFile(RL_FILE, O_WRONLY | O_CREAT | O_TRUNC | PG_BINARY);
	}
	if (fd < 0)
		ereport(ERROR,
				errcode_for_file_access(),
				errmsg("could not create file \"%s\": %m", RL_FILE));
	errno = 0;
	if (write(fd, line, len) != len)
	{
		if (errno == 0)
			errno = ENOSPC;
		ereport(ERROR,
				errcode_for_file_access(),
				errmsg("could not write file \"%s\": %m", RL_FILE));
	}
	if (CloseTransientFile(fd) != 0)
		ereport(ERROR,
				errcode_for_file_access(),
				errmsg("could not close file \"%s\": %m", RL_FILE));
}

/* Attach to the segment a handle names, if it holds this postmaster's table. */
static dsm_segment *
rl_segment_attach(dsm_handle handle)
{
	dsm_segment *seg;

	if (handle == 0)
		return NULL;
	seg = dsm_attach(handle);
	if (seg == NULL)
		return NULL;
	if (!rl_table_valid(dsm_segment_address(seg), dsm_segment_map_length(seg)))
	{
		dsm_detach(seg);
		return NULL;
	}
	return seg;
}

/*
 * Without preloading: find the cluster's segment, or create it, and keep it
 * mapped for the life of this backend.  Called once per backend.
 */
static void
rl_attach(void)
{
	LOCKTAG		tag;
	dsm_segment *seg;
	RateTable  *table;

	/* database 0: no pg_advisory_lock() call can take this lock */
	SET_LOCKTAG_ADVISORY(tag, InvalidOid, RL_MAGIC, 0, 2);
	(void) LockAcquire(&tag, ExclusiveLock, false, false);

	seg = rl_segment_attach(rl_file_read());
	if (seg != NULL)
	{
		table = dsm_segment_address(seg);
		LWLockRegisterTranche(table->tranche_id, RL_NAME);
	}
	else
	{
		/*
		 * Publish first, pin last: should anything fail in between, the
		 * unpinned segment goes away at abort and the file names nothing.
		 */
		seg = dsm_create(sizeof(RateTable), 0);
		table = dsm_segment_address(seg);
		rl_table_reset(table, LWLockNewTrancheId());
		LWLockRegisterTranche(table->tranche_id, RL_NAME);
		LWLockInitialize(&table->lock, table->tranche_id);
		rl_file_write(dsm_segment_handle(seg));
		dsm_pin_segment(seg);
	}
	/* nothing fails from here on: the mapping stays for good */
	dsm_pin_mapping(seg);

	LockRelease(&tag, ExclusiveLock, false);

	rl_lock = &table->lock;
	rl_table = table;
}

/*
 * Count one request of a key against a limit of limit_per_minute: 0 when it
 * is allowed, else the whole seconds (at least 1) until one would be.
 */
int
fb_ratelimit_take(int64 key_id, int limit_per_minute)
{
	int64		interval;
	int64		burst;
	TimestampTz now;
	TimestampTz tat;
	RateSlot   *slot;
	int64		wait = 0;

	if (rl_table == NULL)
		rl_attach();

	/* above 60 million a minute the limit can not bind anyway */
	if (limit_per_minute < 1)
		limit_per_minute = 1;
	interval = Max(USECS_PER_MINUTE / limit_per_minute, 1);
	burst = interval * limit_per_minute;

	LWLockAcquire(rl_lock, LW_EXCLUSIVE);
	now = GetCurrentTimestamp();
	slot = rl_slot(rl_table, key_id, now);
	tat = Max(slot->tat, now);
	/* after a lower limit or a clock step back, at most a full bucket */
	tat = Min(tat, now + burst);
	if (tat + interval - now <= burst)
		slot->tat = tat + interval;
	else
		wait = tat + interval - burst - now;
	LWLockRelease(rl_lock);

	if (wait == 0)
		return 0;
	return (int) ((wait + USECS_PER_SEC - 1) / USECS_PER_SEC);	/* <= 60 */
}
