//! An MMRM refit allocates nothing: once a model has seen its largest data set, clearing,
//! refilling, fitting and testing contrasts (Satterthwaite and Kenward-Roger) run on its
//! own buffers. Counted by a global allocator of this test binary alone.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use trialsim_stats::Alternative;
use trialsim_stats::mmrm::{Covariance, DegreesOfFreedom, Mmrm};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// 90 patients, 3 arms, 4 visits, changes from a fixed recurrence; dropout after visit
/// `1 + i % 4` for every fifth patient, and an intermittent miss for every seventh.
fn fill(model: &mut Mmrm, shift: f64) {
    model.clear();
    let mut x = 0.5 + shift;
    let mut changes = [0.0; 4];
    for i in 0..90 {
        let arm = i % 3;
        let baseline = 5.0 + ((i * 37) % 11) as f64 / 10.0;
        for (j, c) in changes.iter_mut().enumerate() {
            x = (x * 3.9 * (1.0 - x)).clamp(0.01, 0.99);
            *c = -0.3 * arm as f64 * (j + 1) as f64 + 0.4 * (baseline - 5.5) + 2.0 * (x - 0.5);
        }
        if i % 5 == 0 {
            changes[1 + i % 3..].fill(f64::NAN);
        }
        if i % 7 == 0 {
            changes[i % 4] = f64::NAN;
        }
        model.push(arm, baseline, &changes);
    }
}

#[test]
fn refits_allocate_nothing() {
    for covariance in [Covariance::Unstructured, Covariance::Ar1, Covariance::CompoundSymmetry] {
        let mut model = Mmrm::new(3, 4, covariance);
        let fit_and_test = |model: &mut Mmrm, shift: f64| {
            fill(model, shift);
            model.fit().expect("converges");
            for arm in [1, 2] {
                for df in [DegreesOfFreedom::Satterthwaite, DegreesOfFreedom::KenwardRoger] {
                    model.contrast(arm, 0, 3, df, Alternative::TwoSided, 0.95).expect("a contrast");
                }
            }
        };
        fit_and_test(&mut model, 0.0);
        let before = ALLOCATIONS.load(Ordering::Relaxed);
        for k in 1..20 {
            fit_and_test(&mut model, 0.01 * k as f64);
        }
        let after = ALLOCATIONS.load(Ordering::Relaxed);
        assert_eq!(after - before, 0, "{covariance:?}: {} allocations in 19 refits", after - before);
    }
}
