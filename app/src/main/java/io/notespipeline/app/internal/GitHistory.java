package io.notespipeline.app.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.notespipeline.app.NotesAppException;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * The versions of a repository's files, read with JGit (no git binary needed): every commit of the
 * first-parent history of HEAD, oldest first (a merge counts as one change against its first parent, so a
 * side branch's edits are not imported twice), and in each commit every added or modified file matching the
 * glob, as committed.
 */
final class GitHistory {

    /** Correlation-id prefix of the events imported from a commit: {@code git:<commit id>}. */
    static final String MARKER = "git:";

    /**
     * One file as committed.
     *
     * @param commit the commit's id (hex)
     * @param at     the commit's time
     * @param author the commit's author name
     * @param path   the file's path in the repository ({@code /}-separated)
     * @param text   its content (UTF-8)
     */
    record Version(String commit, Instant at, String author, String path, String text) {

        /** @return the document id of the file: its path without the extension ({@code notes/pycon-2017}). */
        String documentId() {
            int dot = path.lastIndexOf('.');
            return dot > path.lastIndexOf('/') + 1 ? path.substring(0, dot) : path;
        }

        String marker() {
            return MARKER + commit;
        }
    }

    private GitHistory() {
    }

    /**
     * @param dir  the repository (its work tree or its .git directory)
     * @param glob which files, matched against the path in the repository ({@code **.md}, {@code notes/*.md})
     * @return every version of every matching file, in commit order (an empty repository has none)
     */
    static List<Version> versions(Path dir, String glob) {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        List<Version> versions = new ArrayList<>();
        try (Git git = Git.open(dir.toFile()); RevWalk walk = new RevWalk(git.getRepository())) {
            Repository repo = git.getRepository();
            ObjectId head = repo.resolve("HEAD");
            if (head == null) {
                return versions;
            }
            List<RevCommit> chain = new ArrayList<>();
            for (RevCommit c = walk.parseCommit(head); c != null;
                    c = c.getParentCount() > 0 ? walk.parseCommit(c.getParent(0)) : null) {
                chain.add(c);
            }
            Collections.reverse(chain);
            for (RevCommit commit : chain) {
                try (TreeWalk tree = new TreeWalk(repo)) {
                    tree.setRecursive(true);
                    if (commit.getParentCount() > 0) {
                        tree.addTree(walk.parseCommit(commit.getParent(0)).getTree());
                    } else {
                        tree.addTree(new EmptyTreeIterator());
                    }
                    tree.addTree(commit.getTree());
                    tree.setFilter(TreeFilter.ANY_DIFF);
                    while (tree.next()) {
                        String path = tree.getPathString();
                        if (tree.getFileMode(1) == FileMode.MISSING || !matcher.matches(Path.of(path))) {
                            continue; // deleted files keep their talks; see ImportCommand
                        }
                        String text = new String(repo.open(tree.getObjectId(1)).getBytes(), StandardCharsets.UTF_8);
                        versions.add(new Version(commit.name(), Instant.ofEpochSecond(commit.getCommitTime()),
                                commit.getAuthorIdent().getName(), path, text));
                    }
                }
            }
        } catch (org.eclipse.jgit.errors.RepositoryNotFoundException e) {
            throw new NotesAppException(dir + " is not a Git repository", e);
        } catch (IOException e) {
            throw new NotesAppException("cannot read the history of " + dir + ": " + e.getMessage(), e);
        }
        return versions;
    }
}
