// Walks dropped folders (FileSystemEntry trees from DataTransferItem
// webkitGetAsEntry) for src/ui/files.rs: every file, with its path, except
// those under hidden folders (.git). The entries may be any objects with the
// same shape (isFile, isDirectory, name, fullPath, file(), createReader()).

/** One entry's files as [path, File] pairs, depth first. */
async function walk(entry, out) {
  if (entry.isFile) {
    const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
    out.push([entry.fullPath || entry.name, file]);
  } else if (entry.isDirectory && !entry.name.startsWith('.')) {
    const reader = entry.createReader();
    // readEntries returns the children in batches until an empty one.
    for (;;) {
      const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
      if (batch.length === 0) break;
      for (const child of batch) await walk(child, out);
    }
  }
}

/** Every file under `entries` (an array of entries), as [path, File] pairs. */
export async function walkEntries(entries) {
  const out = [];
  for (const entry of entries) {
    try {
      await walk(entry, out);
    } catch {
      // An unreadable folder or file is left out.
    }
  }
  return out;
}

/**
 * The entries of a drop when it carries a folder (read at once: a drop's
 * items are gone after its event), else null: plain files are read as files.
 */
export function droppedFolder(dataTransfer) {
  const items = [...(dataTransfer?.items ?? [])];
  const entries = items.map((i) => i.webkitGetAsEntry?.()).filter(Boolean);
  return entries.some((e) => e.isDirectory) ? entries : null;
}
