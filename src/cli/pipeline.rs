//! An ordered, bounded parallel map: the shape of every `check` run.
//!
//! Items come from one iterator (a file list, a JSONL stream), are processed by `threads`
//! workers, and their results are handed to the consumer in input order, each as soon as every
//! earlier one has been handed over. At most `window` items are alive at any time (read but not
//! yet consumed), so memory is bounded by `window` times the largest item, whatever the length
//! of the run, and a slow item delays the output of later ones but never lets results pile up.
//!
//! With one worker, the calling thread does the work itself, item after item. With more, the
//! workers take the items themselves, one at a time, so that an item goes from the input
//! to its worker without a hand-over between threads; while one worker waits for input (a pipe
//! that delivers slowly), the others go on with what they hold, and the consumer with what is
//! done.

use std::collections::VecDeque;
use std::ops::ControlFlow;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc;
use std::sync::{Condvar, Mutex};

/// How many items may be alive per worker thread: enough to keep every worker busy while the
/// consumer waits for a slow item at the head.
pub const WINDOW_PER_THREAD: usize = 4;

/// Runs `work` on every item of `items` on `threads` threads and calls `consume` on the results
/// in the order of `items`. `consume` returning [`ControlFlow::Break`] stops the run: no more
/// items are read, and work already started is finished and dropped.
pub fn ordered_map<T, R, I, W, C>(threads: usize, window: usize, items: I, work: W, mut consume: C)
where
    T: Send,
    R: Send,
    I: Iterator<Item = T> + Send,
    W: Fn(T) -> R + Sync,
    C: FnMut(R) -> ControlFlow<()>,
{
    if threads <= 1 {
        // One worker: the calling thread is it, and hands each result on as soon as it is
        // made. A worker thread would cost two thread switches an item (the item over, its
        // result back), several per cent of a run over many small files, to keep in order
        // what already is; a read that waits for input keeps back no finished result.
        for item in items {
            if consume(work(item)).is_break() {
                break;
            }
        }
        return;
    }
    let window = window.max(1);
    // Items handed to the consumer so far, and whether the consumer stopped the run.
    let progress = Mutex::new((0usize, false));
    let advanced = Condvar::new();
    // The items and how many have been taken: each index is given out once, in order.
    let source = Mutex::new((items, 0usize));
    let (result_tx, result_rx) = mpsc::channel::<(usize, std::thread::Result<R>)>();
    std::thread::scope(|scope| {
        let (progress, advanced, work, source) = (&progress, &advanced, &work, &source);
        for _ in 0..threads {
            let result_tx = result_tx.clone();
            scope.spawn(move || {
                loop {
                    let (i, item) = {
                        let mut source = source.lock().expect("pipeline lock");
                        let i = source.1;
                        // Room in the window first: item `i` may be read once the consumer has
                        // taken all but `window` of those before it.
                        let mut state = progress.lock().expect("pipeline lock");
                        while !state.1 && i >= state.0 + window {
                            state = advanced.wait(state).expect("pipeline lock");
                        }
                        if state.1 {
                            break;
                        }
                        drop(state);
                        let Some(item) = source.0.next() else { break };
                        source.1 += 1;
                        (i, item)
                    };
                    let result = panic::catch_unwind(AssertUnwindSafe(|| work(item)));
                    if result_tx.send((i, result)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(result_tx);
        // Should `consume` panic, the producer must not wait for room forever.
        let _stop_on_unwind = StopOnDrop(progress, advanced);
        // Results that arrived before an earlier one, by index from `next`.
        let mut pending: VecDeque<Option<R>> = VecDeque::new();
        let mut next = 0;
        let mut stopped = false;
        let mut panicked = None;
        for (i, result) in result_rx {
            let result = match result {
                Ok(r) => r,
                Err(payload) => {
                    // Stop reading, finish the work in flight, then re-raise on this thread.
                    panicked.get_or_insert(payload);
                    stopped = true;
                    stop(progress, advanced);
                    continue;
                }
            };
            if stopped {
                continue;
            }
            let slot = i - next;
            if pending.len() <= slot {
                pending.resize_with(slot + 1, || None);
            }
            pending[slot] = Some(result);
            while let Some(Some(_)) = pending.front() {
                let ready = pending.pop_front().flatten().expect("checked");
                next += 1;
                if consume(ready).is_break() {
                    stopped = true;
                    pending.clear();
                    stop(progress, advanced);
                    break;
                }
                progress.lock().expect("pipeline lock").0 = next;
                advanced.notify_all();
            }
        }
        if let Some(payload) = panicked {
            panic::resume_unwind(payload);
        }
    });
}

struct StopOnDrop<'a>(&'a Mutex<(usize, bool)>, &'a Condvar);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        if let Ok(mut state) = self.0.lock() {
            state.1 = true;
        }
        self.1.notify_all();
    }
}

fn stop(progress: &Mutex<(usize, bool)>, advanced: &Condvar) {
    progress.lock().expect("pipeline lock").1 = true;
    advanced.notify_all();
}

/// The number of worker threads for `-j N` (0 or nothing: one per core).
pub fn thread_count(requested: Option<usize>) -> usize {
    match requested {
        Some(n) if n > 0 => n,
        _ => std::thread::available_parallelism().map_or(1, |n| n.get()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn results_come_in_input_order() {
        for threads in [1, 4] {
            results_in_order(threads);
        }
    }

    fn results_in_order(threads: usize) {
        let mut out = Vec::new();
        ordered_map(
            threads,
            8,
            0..200u64,
            |i| {
                // Later items finish first.
                std::thread::sleep(std::time::Duration::from_micros((200 - i) * 20));
                i * 2
            },
            |r| {
                out.push(r);
                ControlFlow::Continue(())
            },
        );
        assert_eq!(out, (0..200).map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn no_more_than_window_items_are_alive() {
        let alive = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        struct Item<'a>(&'a AtomicUsize);
        impl Drop for Item<'_> {
            fn drop(&mut self) {
                self.0.fetch_sub(1, Ordering::SeqCst);
            }
        }
        let items = (0..300).map(|_| {
            let now = alive.fetch_add(1, Ordering::SeqCst) + 1;
            most.fetch_max(now, Ordering::SeqCst);
            Item(&alive)
        });
        let mut seen = 0;
        ordered_map(
            3,
            5,
            items,
            |item| item,
            |item| {
                seen += 1;
                drop(item);
                ControlFlow::Continue(())
            },
        );
        assert_eq!(seen, 300);
        // An item is read only once there is room for it in the window.
        assert!(most.load(Ordering::SeqCst) <= 5, "{most:?}");
    }

    #[test]
    fn break_stops_reading() {
        for threads in [1, 2] {
            break_stops_reading_on(threads);
        }
    }

    fn break_stops_reading_on(threads: usize) {
        let read = AtomicUsize::new(0);
        let items = (0..10_000).inspect(|_| {
            read.fetch_add(1, Ordering::SeqCst);
        });
        let mut seen = 0;
        ordered_map(
            threads,
            4,
            items,
            |i| i,
            |_| {
                seen += 1;
                if seen == 10 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        );
        assert_eq!(seen, 10);
        assert!(read.load(Ordering::SeqCst) < 100);
    }

    #[test]
    fn a_panic_in_work_reaches_the_caller() {
        for threads in [1, 2] {
            let caught = panic::catch_unwind(|| {
                ordered_map(
                    threads,
                    4,
                    0..50,
                    |i| {
                        assert!(i != 7, "item 7");
                        i
                    },
                    |_| ControlFlow::Continue(()),
                )
            });
            assert!(caught.is_err(), "{threads}");
        }
    }
}
