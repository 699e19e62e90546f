package websub

import (
	"sync"
	"time"

	"github.com/paperwire/paperwire/feed"
)

// job is the newest content waiting for one subscriber.
type job struct {
	sub      feed.Subscription
	r        *rendering
	first    time.Time // when this content was first tried
	attempts int       // failed attempts so far
	due      time.Time // of the next retry (zero: none scheduled)

	queued, running, replaced bool
}

// queue holds at most one job per subscriber: newer content replaces the
// one waiting or retrying, and a subscriber has one delivery in flight
// at a time, so a slow one holds one worker at most and never delays
// the others beyond that.
type queue struct {
	mu    sync.Mutex
	jobs  map[string]*job // by subscription ID
	ready chan string     // IDs of jobs to run now
}

func newQueue(capacity int) *queue {
	return &queue{jobs: map[string]*job{}, ready: make(chan string, capacity)}
}

// push queues j, and reports how many older contents it replaced.
func (q *queue) push(j *job) int {
	q.mu.Lock()
	defer q.mu.Unlock()
	id := j.sub.ID()
	old := q.jobs[id]
	if old == nil {
		q.jobs[id] = j
		q.enqueue(id, j)
		return 0
	}
	old.sub, old.r, old.first, old.attempts, old.due = j.sub, j.r, j.first, 0, time.Time{}
	if old.running {
		old.replaced = true
	} else {
		q.enqueue(id, old)
	}
	return 1
}

// enqueue makes a job ready unless it is already; callers hold mu. The
// channel holds one ID per subscription, so it has room unless there are
// more subscriptions than the configured total (the job then waits for
// its retry tick).
func (q *queue) enqueue(id string, j *job) {
	if j.queued {
		return
	}
	select {
	case q.ready <- id:
		j.queued = true
	default:
		j.due = time.Unix(0, 1) // due at once, on the next tick
	}
}

// take starts the job of id, returning a copy to work on.
func (q *queue) take(id string) (job, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	j := q.jobs[id]
	if j == nil {
		return job{}, false
	}
	j.queued, j.running = false, true
	return *j, true
}

// finish ends a job's attempt: done drops it, else it is retried at
// due; content that replaced it meanwhile is queued instead.
func (q *queue) finish(id string, done bool, due time.Time) {
	q.mu.Lock()
	defer q.mu.Unlock()
	j := q.jobs[id]
	if j == nil {
		return
	}
	j.running = false
	if j.replaced {
		j.replaced = false
		q.enqueue(id, j)
		return
	}
	if done {
		delete(q.jobs, id)
		return
	}
	j.attempts++
	j.due = due
}

// due queues the retries due at now and returns how many wait.
func (q *queue) due(now time.Time) (waiting int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for id, j := range q.jobs {
		if j.queued || j.running || j.due.IsZero() {
			continue
		}
		if now.Before(j.due) {
			waiting++
			continue
		}
		j.due = time.Time{}
		q.enqueue(id, j)
	}
	return waiting
}

// keep drops the jobs of subscriptions not in live (ended by an
// unsubscribe, a 410 or their lease) and returns how many.
func (q *queue) keep(live map[string]bool) int {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := 0
	for id, j := range q.jobs {
		if !live[id] && !j.running {
			delete(q.jobs, id)
			n++
		}
	}
	return n
}
