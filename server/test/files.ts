import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';

/** A real .xlsx workbook from rows of cells (the first row is the header). */
export async function buildXlsx(rows: (string | number | Date | ExcelJS.CellValue)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Sheet1');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function readXlsx(body: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const rows: string[][] = [];
  workbook.worksheets[0]!.eachRow((row) => {
    rows.push(
      (row.values as ExcelJS.CellValue[])
        .slice(1)
        .map((v) => (v === null || v === undefined ? '' : String(v))),
    );
  });
  return rows;
}

/** A multipart/form-data body with one file (and optional text fields), as a browser sends it. */
export function multipart(fileName: string, content: Buffer, fields: Record<string, string> = {}) {
  const boundary = `----perfloop${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

export async function upload(
  app: FastifyInstance,
  cookie: string,
  fileName: string,
  content: Buffer,
  options: { query?: string; fields?: Record<string, string>; headers?: Record<string, string> } = {},
) {
  const body = multipart(fileName, content, options.fields);
  return app.inject({
    method: 'POST',
    url: `/api/v1/employees/import${options.query ?? ''}`,
    headers: { cookie, ...body.headers, ...options.headers },
    payload: body.payload,
  });
}

/** Polls an import until it leaves `running`. */
export async function waitForImport(app: FastifyInstance, cookie: string, id: string) {
  for (let i = 0; i < 600; i++) {
    const job = (await app.inject({ url: `/api/v1/imports/${id}`, headers: { cookie } })).json() as {
      status: string;
    };
    if (job.status !== 'running')
      return job as { status: string; summary: unknown; errors: unknown[]; progress: number };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('import did not finish');
}
