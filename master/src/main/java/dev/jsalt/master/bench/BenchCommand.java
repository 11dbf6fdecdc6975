package dev.jsalt.master.bench;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run the benchmark suite.")
public final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() { return 0; }
}
