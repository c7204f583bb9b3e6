/** Shows a core `notify` event as a native notification; a click brings MyBucks forward. */
import { Notification } from 'electron';

export function showNativeNotification(message: { title: string; body: string }, onClick: () => void): void {
  if (!Notification.isSupported()) return;
  const notification = new Notification({ title: message.title, body: message.body });
  notification.on('click', onClick);
  notification.show();
}
