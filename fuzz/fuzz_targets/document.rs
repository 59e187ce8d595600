#![no_main]
// The checks live in the library (beacon::fuzzing), where the regression tests run them too.
libfuzzer_sys::fuzz_target!(|data: &[u8]| beacon::fuzzing::Target::Document.run(data));
