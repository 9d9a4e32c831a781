import type { FastifyError, FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';
import { assertValidText } from './text-hook.ts';

/** One uploaded file and the text fields sent before it. */
export type Upload = { fileName: string; bytes: Buffer; fields: Record<string, string> };

/**
 * Reads the one file of a multipart/form-data request. A body the multipart parser cannot read
 * (no boundary, cut short, a broken part) is the client's: 400 `request.malformed`, never 500;
 * a too-large file keeps its 413. Field values and the file name are checked for text the
 * database cannot store, as the text hook checks every JSON body.
 */
export async function readUpload(request: FastifyRequest): Promise<Upload> {
  if (!request.isMultipart())
    throw new AppError('import.unsupported_type', 'Send the file as multipart/form-data');
  let upload: Upload;
  try {
    const part = await request.file();
    if (!part) throw new AppError('import.empty_file', 'No file in the request');
    const bytes = await part.toBuffer();
    const fields: Record<string, string> = {};
    for (const [name, field] of Object.entries(part.fields)) {
      const one = Array.isArray(field) ? field[0] : field;
      if (one?.type === 'field' && typeof one.value === 'string') fields[name] = one.value;
    }
    assertValidText(request, { [part.fieldname]: { filename: part.filename } }, 'body');
    assertValidText(request, fields, 'body');
    upload = { fileName: part.filename, bytes, fields };
  } catch (error) {
    if (error instanceof AppError) throw error;
    const status = (error as FastifyError).statusCode;
    if (
      (error as FastifyError).code === 'FST_REQ_FILE_TOO_LARGE' ||
      (status && status >= 400 && status < 500)
    )
      throw error;
    throw new AppError('request.malformed', `The multipart body cannot be read: ${(error as Error).message}`);
  }
  return upload;
}
