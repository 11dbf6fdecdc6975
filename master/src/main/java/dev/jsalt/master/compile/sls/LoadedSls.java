package dev.jsalt.master.compile.sls;

import dev.jsalt.master.compile.render.SlsYaml;
import org.yaml.snakeyaml.nodes.MappingNode;

/**
 * One rendered and parsed SLS file.
 *
 * @param name SLS name ({@code nginx.config})
 * @param file tree path ({@code nginx/config.sls})
 * @param yaml the parser that holds its positions
 * @param root the top-level mapping; null for an empty file
 */
public record LoadedSls(String name, String file, SlsYaml yaml, MappingNode root) {
}
