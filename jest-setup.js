import './.config/jest-setup';

// @grafana/scenes observes panel visibility; jsdom has no IntersectionObserver.
class IntersectionObserverStub {
  constructor(callback) {
    this.callback = callback;
  }
  observe() {}
  unobserve() {}
  disconnect() {}
  takeRecords() {
    return [];
  }
}
Object.defineProperty(global, 'IntersectionObserver', { writable: true, value: IntersectionObserverStub });

class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
if (!global.ResizeObserver) {
  Object.defineProperty(global, 'ResizeObserver', { writable: true, value: ResizeObserverStub });
}
