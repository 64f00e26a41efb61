/* intruder - network intrusion detection (after STAMP's intruder, written
 * from scratch for atomicc).
 *
 * Flows of random bytes, some carrying an attack signature, are cut into
 * fragments and shuffled.  Every thread captures its share of the packets
 * into a shared bounded queue (lib/queue.c) and takes packets out of it;
 * once a thread has captured all of its share it waits for packets with
 * `retry` until every thread has finished capturing and the queue is
 * empty.  Each packet is filed in the reassembly map (decoder.c over
 * lib/map.c) inside an atomic block; the thread that completes a flow
 * reassembles it privately and scans it for signatures (detector.c).
 * Checks: every flow completed exactly once, the attacks found are exactly
 * the flows that carry a signature, and the map and queue end empty.
 *
 *   intruder [-t THREADS] [-n FLOWS] [-s SEED]
 */
#include "../common/apputil.h"
#include "lib/queue.h"
#include "decoder.h"
#include "detector.h"

#define DEFAULT_FLOWS 32768
#define PCT_ATTACK 10
#define QUEUE_CAPACITY 512

typedef struct job {
    stream_t stream;
    queue_t *queue;
    decoder_t decoder;
    int nthreads;
    long capturing;         /* threads still capturing packets into the queue */
    long attacks;           /* attacks detected */
    int *detected;          /* per flow: times it was reported as an attack */
} job_t;

typedef struct worker {
    job_t *job;
    int id;
    long completed;         /* flows this thread completed */
    long packets;           /* packets it processed */
    int overrun;            /* its loop hit the bound */
    char pad[64];
} worker_t;

static void process(job_t *job, worker_t *w, packet_t *p, char *buf)
{
    pending_t *flow;
    atomic {
        flow = decoder_add(&job->decoder, p);
    }
    w->packets++;
    if (!flow)
        return;
    int len = decoder_assemble(flow, buf);
    long id = flow->flow;
    free(flow);
    w->completed++;
    if (detector_scan(buf, len) >= 0) {
        atomic {
            job->attacks++;
            job->detected[id]++;
        }
    }
}

static void *worker_run(void *arg)
{
    worker_t *w = arg;
    job_t *job = w->job;
    queue_t *q = job->queue;
    long n = job->stream.npackets, per = (n + job->nthreads - 1) / job->nthreads;
    long next = per * w->id, hi = next + per < n ? next + per : n;
    char buf[MAX_FLOW];
    if (next >= hi) {
        atomic {
            job->capturing--;
        }
    }
    /* every pass moves one packet in or out: 2 n passes are enough */
    long bound = 2 * n + 2, pass;
    for (pass = 0; pass < bound; pass++) {
        packet_t *p = NULL;
        if (next < hi) {
            /* capture one packet, then take one if there is any */
            packet_t *mine = job->stream.packets[next];
            int pushed;
            atomic {
                pushed = queue_push(q, mine);
                if (pushed && next + 1 == hi)
                    job->capturing--;
            }
            if (pushed)
                next++;
            atomic {
                p = queue_pop(q);
            }
        } else {
            int finished = 0;
            atomic {
                if (queue_is_empty(q)) {
                    if (job->capturing > 0)
                        retry;
                    finished = 1;
                } else {
                    p = queue_pop(q);
                }
            }
            if (finished)
                break;
        }
        if (p)
            process(job, w, p, buf);
    }
    w->overrun = pass >= bound;
    return NULL;
}

int main(int argc, char **argv)
{
    app_opts_t o = app_parse(argc, argv, "flows (default 32768)");
    long nflows = o.size ? o.size : DEFAULT_FLOWS;
    static job_t job;
    stream_generate(&job.stream, nflows, PCT_ATTACK, o.seed);
    job.queue = queue_new(QUEUE_CAPACITY);
    decoder_init(&job.decoder, nflows);
    job.nthreads = o.threads;
    job.capturing = o.threads;
    job.detected = calloc((size_t)nflows, sizeof(int));

    worker_t *w = app_xmalloc(sizeof(worker_t) * (size_t)o.threads);
    for (int i = 0; i < o.threads; i++) {
        memset(&w[i], 0, sizeof w[i]);
        w[i].job = &job;
        w[i].id = i;
    }
    printf("intruder: %d threads, %ld flows, %ld packets, %ld attacks injected\n", o.threads, nflows,
           job.stream.npackets, job.stream.nattacks);
    double secs = app_run_threads(o.threads, worker_run, w, sizeof(worker_t));

    app_checks_t chk = { 0, "" };
    long completed = 0, packets = 0, overruns = 0;
    for (int i = 0; i < o.threads; i++) {
        completed += w[i].completed;
        packets += w[i].packets;
        overruns += w[i].overrun;
    }
    app_check(&chk, overruns == 0 && packets == job.stream.npackets && completed == nflows, "flows completed",
              "%ld of %ld flows, %ld of %ld packets, %ld loops over their bound", completed, nflows, packets,
              job.stream.npackets, overruns);
    long wrong = 0;
    for (long f = 0; f < nflows; f++)
        if (job.detected[f] != job.stream.is_attack[f])
            wrong++;
    app_check(&chk, job.attacks == job.stream.nattacks && wrong == 0, "attacks found",
              "%ld found, %ld injected, %ld flows misreported", job.attacks, job.stream.nattacks, wrong);
    long left = map_count(job.decoder.pending);
    app_check(&chk, left == 0 && queue_is_empty(job.queue), "map and queue empty",
              "%ld flows pending, %ld packets queued", left, job.queue->count);

    free(w);
    free(job.detected);
    decoder_destroy(&job.decoder);
    queue_free(job.queue);
    stream_free(&job.stream);
    return app_finish(&chk, secs);
}
