import { Input } from 'antd';
import type { HookAPI } from 'antd/es/modal/useModal';

/** Asks for a comment in a confirm dialog; resolves with the text, or null when cancelled. */
export function askForComment(modal: HookAPI, title: string, placeholder: string): Promise<string | null> {
  let comment = '';
  return new Promise((resolve) =>
    modal.confirm({
      title,
      content: (
        <Input.TextArea autoFocus onChange={(e) => (comment = e.target.value)} placeholder={placeholder} />
      ),
      onOk: () => resolve(comment),
      onCancel: () => resolve(null),
    }),
  );
}
